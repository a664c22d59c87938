import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import adyen from '@adyen/api-library';
import { runCli } from './support/cli.js';
import { findingKeys } from './support/expectations.js';
import { LAB_SECRET, startLabTarget } from './support/lab.js';
import { describeLabFolder } from './support/lab-folder.js';

// Secrets reach sigprobe through the environment only (--secret-env), as a user passes them.
const LAB_WHSEC = 'whsec_' + Buffer.from('lab-standard-webhooks-key-0001').toString('base64');
// Adyen shows merchants a hex HMAC key; the lab's is fixed so samples can be made.
const LAB_ADYEN_KEY = '5c1f0e7a9b3d42e8a6f1c0d9b8e7a6f54c3b2a1908f7e6d5c4b3a2918f7e6d5c';
const ENV = {
  SIGPROBE_LAB_SECRET: LAB_SECRET,
  SIGPROBE_LAB_WHSEC: LAB_WHSEC,
  SIGPROBE_LAB_ADYEN_KEY: LAB_ADYEN_KEY,
};

interface ScanChecks {
  checks: Array<{ checkId: string; status: string; reason?: string }>;
}

interface Result {
  findings: Array<{ id: string; severity: string; message: string }>;
  notes: string[];
  level: string;
}

async function scan(
  origin: string,
  path: string,
  args: string[],
): Promise<{ result: Result; stderr: string; stdout: string }> {
  const run = await runCli(
    ['scan', `${origin}${path}`, ...args, '--format', 'json', '--fail-on', 'never'],
    { env: ENV },
  );
  assert.equal(run.code, 0, run.stderr);
  return { result: JSON.parse(run.stdout) as Result, stderr: run.stderr, stdout: run.stdout };
}

// Receivers on the vendors' own libraries (lab/node) and Flask receivers with
// scheme faults, each with its declared findings at L2.
for (const folder of ['lab/flask-schemes', 'lab/node']) {
  describeLabFolder(`lab: ${folder} receivers (scheme checks at L2)`, folder, {
    targetEnv: { LAB_WHSEC, LAB_ADYEN_KEY },
    cliEnv: ENV,
    secrets: [LAB_SECRET, LAB_WHSEC.slice(6), LAB_ADYEN_KEY],
  });
}

const dir = mkdtempSync(join(tmpdir(), 'sigprobe-l1-'));
const hmacHex = (data: string) => createHmac('sha256', LAB_SECRET).update(data).digest('hex');

/** A curl sample as a user would save it, signed the way the sender signs. */
function curlSample(
  name: string,
  url: string,
  headers: Array<[string, string]>,
  body: string,
): string {
  const path = join(dir, name);
  const lines = [
    `curl -X POST '${url}'`,
    ...headers.map(([k, v]) => `  -H '${k}: ${v}'`),
    `  --data-raw '${body}'`,
  ];
  writeFileSync(path, lines.join(' \\\n') + '\n');
  return path;
}

describe('lab: L1 scans from a captured sample (no secret given)', () => {
  it('given a GitHub sample of a receiver without replay protection, should prove replay-accepted and redact the signature', async () => {
    const target = await startLabTarget('lab/flask-schemes/no_timestamp.py');
    try {
      const body = '{"id":"evt_l1_replay","type":"push"}';
      const signature = `sha256=${hmacHex(body)}`;
      const sample = curlSample(
        'github.curl',
        `${target.origin}/webhook`,
        [
          ['Content-Type', 'application/json'],
          ['X-Hub-Signature-256', signature],
        ],
        body,
      );
      const { result, stdout, stderr } = await scan(target.origin, '', ['--sample', sample]);
      assert.equal(result.level, 'L1');
      assert.ok(
        findingKeys(result.findings).includes('replay-accepted/high'),
        stdout.slice(0, 2000),
      );
      assert.ok(!stdout.includes(signature.slice(7)), 'the sample signature must be redacted');
      assert.match(
        stderr,
        /These send validly signed github requests.*the captured sample itself/,
      );
    } finally {
      await target.stop();
    }
  });

  it('given an hour-old sample of an in-house scheme whose timestamp is unsigned, should prove the timestamp can be re-dated', async () => {
    const target = await startLabTarget('lab/flask-schemes/timestamp_unsigned.py');
    try {
      const body = '{"id":"evt_l1_redate","type":"order.paid"}';
      const old = String(Math.floor(Date.now() / 1000) - 3600);
      const sample = curlSample(
        'redate.curl',
        `${target.origin}/hooks/orders`,
        [
          ['Content-Type', 'application/json'],
          ['X-Signature', `v1=${hmacHex(body)}`],
          ['X-Timestamp', old],
        ],
        body,
      );
      const { result, stdout } = await scan(target.origin, '', [
        '--sample',
        sample,
        '--scheme-file',
        'lab/flask-schemes/timestamp_unsigned.scheme.yaml',
      ]);
      const stale = result.findings.find((f) => f.id === 'stale-timestamp-accepted');
      assert.ok(stale && stale.severity === 'high', stdout.slice(0, 2000));
      assert.match(stale.message, /does not cover the timestamp/);
    } finally {
      await target.stop();
    }
  });

  it('given an expired sample of a correct Slack receiver, should say there is no accepted reference and report nothing above info', async () => {
    const target = await startLabTarget('lab/flask-schemes/secure_slack.py');
    try {
      const body = '{"id":"evt_l1_old","type":"event_callback"}';
      const old = String(Math.floor(Date.now() / 1000) - 3600);
      const sample = curlSample(
        'slack.curl',
        `${target.origin}/slack/events`,
        [
          ['Content-Type', 'application/json'],
          ['X-Slack-Request-Timestamp', old],
          ['X-Slack-Signature', `v0=${hmacHex(`v0:${old}:${body}`)}`],
        ],
        body,
      );
      const { result, stdout } = await scan(target.origin, '', ['--sample', sample]);
      assert.deepEqual(
        result.findings.filter((f) => f.severity !== 'info'),
        [],
        stdout.slice(0, 2000),
      );
      assert.ok(
        result.notes.some((n) => /captured sample was not accepted when resent/.test(n)),
        result.notes.join('\n'),
      );
      assert.ok(result.notes.some((n) => /Scheme slack recognised in the sample/.test(n)));
    } finally {
      await target.stop();
    }
  });

  it('given an Adyen batch sample without the key, should skip batch-item-unverified and say it needs the key', async () => {
    // Without the key sigprobe cannot sign fresh items, and resent copies of the
    // sample's item cannot show whether a bad item was processed: no guess is made.
    const target = await startLabTarget('lab/flask-schemes/batch_first_item.py', {
      LAB_ADYEN_KEY,
    });
    try {
      const item = {
        pspReference: 'L1SAMPLE00000001',
        merchantAccountCode: 'LabMerchant',
        merchantReference: 'order-l1',
        amount: { value: 1999, currency: 'EUR' },
        eventCode: 'AUTHORISATION',
        eventDate: '2026-12-01T10:00:00+01:00',
        success: 'true',
        additionalData: {} as Record<string, string>,
      };
      const signature = new adyen.hmacValidator().calculateHmac(
        item as unknown as Parameters<adyen.hmacValidator['calculateHmac']>[0],
        LAB_ADYEN_KEY,
      );
      item.additionalData.hmacSignature = signature;
      const body = JSON.stringify({
        live: 'false',
        notificationItems: [{ NotificationRequestItem: item }],
      });
      const sample = curlSample(
        'adyen.curl',
        `${target.origin}/adyen/notifications`,
        [['Content-Type', 'application/json']],
        body,
      );
      const { result, stdout } = await scan(target.origin, '', ['--sample', sample]);
      assert.equal(result.level, 'L1');
      assert.ok(!findingKeys(result.findings).some((key) => key.startsWith('batch-item')));
      const batchCheck = (result as unknown as ScanChecks).checks.find(
        (check) => check.checkId === 'batch-item-unverified',
      );
      assert.equal(batchCheck?.status, 'skipped');
      assert.match(batchCheck?.reason ?? '', /needs the key/);
      assert.ok(!stdout.includes(signature), 'the sample signature must be redacted');
    } finally {
      await target.stop();
    }
  });

  it('given --safe with a sample, should send no signed request and say nothing about resending', async () => {
    const target = await startLabTarget('lab/flask-schemes/no_timestamp.py');
    try {
      const body = '{"id":"evt_l1_safe"}';
      const sample = curlSample(
        'safe.curl',
        `${target.origin}/webhook`,
        [['X-Hub-Signature-256', `sha256=${hmacHex(body)}`]],
        body,
      );
      const { result, stderr } = await scan(target.origin, '', ['--sample', sample, '--safe']);
      assert.equal(result.findings.filter((f) => f.id === 'replay-accepted').length, 0);
      assert.doesNotMatch(stderr, /These send validly signed/);
    } finally {
      await target.stop();
    }
  });
});
