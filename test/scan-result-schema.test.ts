import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { runCli } from './support/cli.js';
import { LAB_SECRET, ROOT, startLabTarget } from './support/lab.js';
import { createHmac } from 'node:crypto';

const schema = JSON.parse(
  readFileSync(`${ROOT}schema/scan-result.schema.json`, 'utf8'),
) as object;
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats.default(ajv);
const validate = ajv.compile(schema);

describe('JSON report', () => {
  for (const target of [
    'lab/flask/methods_partial.py',
    'lab/flask/no_check.py',
    'lab/flask/secure_basic.py',
  ]) {
    it(`given a scan of ${target}, should validate against the published schema`, async () => {
      const lab = await startLabTarget(target);
      try {
        const run = await runCli([
          'scan',
          `${lab.origin}/webhook`,
          '--scheme',
          'plain',
          '--format',
          'json',
        ]);
        const result = JSON.parse(run.stdout) as unknown;
        assert.ok(validate(result), JSON.stringify(validate.errors, null, 2));
      } finally {
        await lab.stop();
      }
    });
  }

  it('given the shared secret, should never print it or a valid signature in any format', async () => {
    const lab = await startLabTarget('lab/flask/inverted_verifier.py');
    const body = '{"type":"invoice.paid","id":"evt_1"}';
    const signature = createHmac('sha256', LAB_SECRET).update(body).digest('hex');
    try {
      for (const format of ['json', 'text']) {
        const run = await runCli(
          [
            'scan',
            `${lab.origin}/webhook`,
            '--secret-env',
            'SIGPROBE_TEST_SECRET',
            '--body',
            body,
            '--format',
            format,
            '--verbose',
          ],
          { env: { SIGPROBE_TEST_SECRET: LAB_SECRET } },
        );
        assert.ok(run.stdout.includes('invalid-signature-accepted'), run.stdout.slice(0, 500));
        for (const output of [run.stdout, run.stderr]) {
          assert.ok(!output.includes(LAB_SECRET), `${format}: secret printed`);
          assert.ok(!output.includes(signature), `${format}: valid signature printed`);
        }
        assert.ok(
          run.stdout.includes('[REDACTED]'),
          `${format}: the valid reference is shown redacted`,
        );
      }
    } finally {
      await lab.stop();
    }
  });
});
