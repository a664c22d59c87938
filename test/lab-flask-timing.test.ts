import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCli } from './support/cli.js';
import { findingKeys, loadExpectations } from './support/expectations.js';
import { LAB_SECRET } from './support/lab.js';
import { startAnyTarget } from './support/node-lab.js';

// Receivers that leak through rejection time or allow unlimited guessing, and
// secure ones that must stay silent. Each declares its findings; an
// optional "env" configures the target (timing mode, planted delay).
describe('lab: rejection timing and throttling', () => {
  for (const expectation of loadExpectations('lab/flask-timing')) {
    const env = (expectation as { env?: Record<string, string> }).env ?? {};
    it(`given ${expectation.file} (${expectation.description}), should report exactly its findings`, async () => {
      const target = await startAnyTarget(expectation.target, env);
      try {
        const args = expectation.args.map((arg) => arg.replaceAll('{origin}', target.origin));
        const run = await runCli(
          [
            'scan',
            `${target.origin}${expectation.path}`,
            ...args,
            '--format',
            'json',
            '--fail-on',
            'never',
          ],
          { env: { LAB_SECRET } },
        );
        assert.equal(run.code, 0, run.stderr);
        const result = JSON.parse(run.stdout) as {
          findings: Array<{ id: string; severity: string }>;
        };
        assert.deepEqual(
          findingKeys(result.findings),
          findingKeys(expectation.expected),
          run.stdout.slice(0, 3000),
        );
        assert.ok(
          !run.stdout.includes(LAB_SECRET),
          'the secret must never appear in the report',
        );
      } finally {
        await target.stop();
      }
    });
  }
});
