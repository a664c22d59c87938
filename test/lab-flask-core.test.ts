import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCli } from './support/cli.js';
import { findingKeys, loadExpectations } from './support/expectations.js';
import { startLabTarget } from './support/lab.js';

// Each lab target declares its findings next to it; the scan must produce exactly
// that set: nothing missed on the faulty ones, nothing above info on the secure ones.
describe('lab: Flask webhook receivers (foundation checks)', () => {
  for (const expectation of loadExpectations('lab/flask')) {
    it(`given ${expectation.file} (${expectation.description}), should report exactly its findings`, async () => {
      const target = await startLabTarget(expectation.target);
      try {
        const args = expectation.args.map((arg) => arg.replaceAll('{origin}', target.origin));
        const run = await runCli([
          'scan',
          `${target.origin}${expectation.path}`,
          ...args,
          '--format',
          'json',
          '--fail-on',
          'never',
        ]);
        assert.equal(run.code, 0, run.stderr);
        const result = JSON.parse(run.stdout) as {
          findings: Array<{ id: string; severity: string }>;
        };
        assert.deepEqual(
          findingKeys(result.findings),
          findingKeys(expectation.expected),
          run.stdout.slice(0, 3000),
        );
      } finally {
        await target.stop();
      }
    });
  }
});
