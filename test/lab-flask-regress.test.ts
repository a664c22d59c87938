import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCli } from './support/cli.js';
import { findingKeys, loadExpectations } from './support/expectations.js';
import { LAB_SECRET, startLabTarget } from './support/lab.js';

// Regression targets for the defects a tester found in the core; each target's
// docstring and expect.json name the defect it guards. The right secret is offered
// in LAB_SECRET so a target can be scanned at L2 with `--secret-env LAB_SECRET`.
describe('lab: Flask regression targets (core defects)', () => {
  for (const expectation of loadExpectations('lab/flask-regress')) {
    const name = `${expectation.file} (${expectation.description})`;
    it(`given ${name}, should report exactly its findings`, async () => {
      const target = await startLabTarget(expectation.target);
      try {
        const args = expectation.args.map((arg) => arg.replaceAll('{origin}', target.origin));
        const url = `${target.origin}${expectation.path}`;
        const report = ['--format', 'json', '--fail-on', 'never'];
        const run = await runCli(['scan', url, ...args, ...report], { env: { LAB_SECRET } });
        assert.equal(run.code, 0, run.stderr);
        type Report = { findings: Array<{ id: string; severity: string }> };
        const result = JSON.parse(run.stdout) as Report;
        const expected = findingKeys(expectation.expected);
        assert.deepEqual(findingKeys(result.findings), expected, run.stdout.slice(0, 3000));
      } finally {
        await target.stop();
      }
    });
  }
});
