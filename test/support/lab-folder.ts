import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCli } from './cli.js';
import { findingKeys, loadExpectations } from './expectations.js';
import { LAB_SECRET } from './lab.js';
import { startAnyTarget } from './node-lab.js';

export interface LabFolderOptions {
  /** Environment for every target (secrets the receivers verify with). */
  targetEnv?: Record<string, string>;
  /** Environment for sigprobe (what `--secret-env` names). */
  cliEnv?: Record<string, string>;
  /** Strings that must never appear in a report: the secrets in play. */
  secrets?: string[];
}

/**
 * The lab's contract, once for every folder: each `*.expect.json` names a target
 * (Flask or Node), how to scan it and the exact findings; the scan must produce that
 * set, exit 0 with the gate off, and print no secret.
 */
export function describeLabFolder(title: string, folder: string, options: LabFolderOptions = {}) {
  const secrets = options.secrets ?? [LAB_SECRET];

  describe(title, () => {
    for (const expectation of loadExpectations(folder)) {
      const name = `${expectation.file} (${expectation.description})`;
      it(`given ${name}, should report exactly its findings`, async () => {
        const env = { ...options.targetEnv, ...expectation.env };
        const target = await startAnyTarget(expectation.target, env);
        try {
          const args = expectation.args.map((arg) => arg.replaceAll('{origin}', target.origin));
          const url = `${target.origin}${expectation.path}`;
          const report = ['--format', 'json', '--fail-on', 'never'];
          const run = await runCli(['scan', url, ...args, ...report], {
            env: { LAB_SECRET, ...options.cliEnv },
          });
          assert.equal(run.code, 0, run.stderr);

          const result = JSON.parse(run.stdout) as {
            findings: Array<{ id: string; severity: string }>;
          };
          const expected = findingKeys(expectation.expected);
          assert.deepEqual(findingKeys(result.findings), expected, run.stdout.slice(0, 3000));
          for (const secret of secrets) {
            assert.ok(!run.stdout.includes(secret), 'a secret appeared in the report');
          }
        } finally {
          await target.stop();
        }
      });
    }
  });
}
