import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { runCli } from './support/cli.js';
import { findingKeys, loadExpectations } from './support/expectations.js';
import { startLabTarget } from './support/lab.js';
import { writeSignedSample } from './support/samples.js';

// Receivers that verify correctly and differ only in their secret. The scan must find
// the empty and default ones online (L0), the tutorial placeholder offline from a
// captured delivery (L1), and nothing on the receiver with a strong secret.
const STRONG = randomBytes(32).toString('hex');
const ENV = { LAB_STRONG_SECRET: STRONG };

interface ScanJson {
  findings: Array<{
    id: string;
    severity: string;
    evidence: unknown[];
    details?: Record<string, unknown>;
  }>;
  checks: Array<{ checkId: string; status: string; reason?: string }>;
}

async function scan(target: string, args: string[]) {
  const lab = await startLabTarget(target, ENV);
  try {
    const extra = args.map((arg) =>
      arg === '{sample}'
        ? writeSignedSample({
            scheme: 'github',
            secret: sampleSecret(target),
            origin: lab.origin,
          })
        : arg,
    );
    const run = await runCli([
      'scan',
      `${lab.origin}/webhook`,
      ...extra,
      '--format',
      'json',
      '--fail-on',
      'never',
    ]);
    assert.equal(run.code, 0, run.stderr);
    return { run, result: JSON.parse(run.stdout) as ScanJson };
  } finally {
    await lab.stop();
  }
}

/** The secret each receiver really uses, for the sample a sender would have signed. */
function sampleSecret(target: string): string {
  if (target.endsWith('strong_secret.py')) return STRONG;
  if (target.endsWith('tutorial_placeholder.py')) return 'your_webhook_secret';
  return 'development';
}

const WEAK_CHECKS = 'default-secret-accepted,weak-secret-crackable';
const NEVER_PRINTED = ['your_webhook_secret', 'development', STRONG];

describe('lab: weak-secret receivers', () => {
  for (const expectation of loadExpectations('lab/flask-secrets')) {
    it(`given ${expectation.file} (${expectation.description}), should report exactly its findings at L0`, async () => {
      const { run, result } = await scan(expectation.target, expectation.args);
      assert.deepEqual(
        findingKeys(result.findings),
        findingKeys(expectation.expected),
        run.stdout.slice(0, 2000),
      );
      for (const secret of NEVER_PRINTED)
        assert.ok(!run.stdout.includes(secret), 'a secret reached the report');
    });
  }

  const l1: Array<{ target: string; args: string[]; expected: string[] }> = [
    {
      target: 'tutorial_placeholder.py',
      args: ['--scheme', 'github', '--sample', '{sample}'],
      expected: ['weak-secret-crackable/critical'],
    },
    {
      target: 'tutorial_placeholder.py',
      args: ['--scheme', 'github', '--sample', '{sample}', '--safe'],
      expected: ['weak-secret-crackable/critical'],
    },
    {
      target: 'tutorial_placeholder.py',
      args: ['--scheme', 'github', '--default-secrets', '120'],
      expected: ['default-secret-accepted/critical'],
    },
    {
      target: 'development_secret.py',
      args: ['--scheme', 'github', '--sample', '{sample}'],
      expected: ['default-secret-accepted/critical'],
    },
    {
      target: 'development_secret.py',
      args: ['--scheme', 'github', '--default-secrets', '0'],
      expected: [],
    },
    {
      target: 'strong_secret.py',
      args: ['--scheme', 'github', '--sample', '{sample}'],
      expected: [],
    },
  ];
  for (const row of l1) {
    it(`given ${row.target} scanned with ${row.args.slice(2).join(' ')}, should report ${row.expected.join(', ') || 'no weak secret'}`, async () => {
      // Only the weak-secret checks run: a sample also unlocks other L1 checks (replay on
      // a body-only scheme, say) whose findings are theirs to test.
      const { run, result } = await scan(`lab/flask-secrets/${row.target}`, [
        ...row.args,
        '--checks',
        WEAK_CHECKS,
      ]);
      assert.deepEqual(findingKeys(result.findings), row.expected, run.stdout.slice(0, 2000));
      for (const secret of NEVER_PRINTED)
        assert.ok(!run.stdout.includes(secret), 'a secret reached the report');

      const cracked = result.findings.find((f) => f.id === 'weak-secret-crackable');
      if (cracked && row.args.includes('--safe'))
        assert.equal(cracked.evidence.length, 0, 'sent a request under --safe');
      if (cracked && !row.args.includes('--safe'))
        assert.equal(cracked.details?.acceptedOnline, true);
      const online = result.findings.find((f) => f.id === 'default-secret-accepted');
      const flag = row.args.indexOf('--default-secrets');
      const limit = flag === -1 ? 20 : Number(row.args[flag + 1]);
      if (online)
        assert.ok(
          Number(online.details?.tried) <= limit,
          `tried ${String(online.details?.tried)} > ${limit}`,
        );
    });
  }
});
