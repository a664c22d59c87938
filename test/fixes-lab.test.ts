import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { request } from 'undici';
import { ALL_CHECKS } from '../src/checks/index.js';
import {
  CORE_FRAMEWORKS,
  fixesFor,
  KEYS_WITHOUT_TESTED_FIX,
  parseRegions,
} from '../src/remediation/fixes.js';
import { runCli } from './support/cli.js';
import { FIX_RECEIVERS } from './support/fix-receivers.js';
import { LAB_SECRET } from './support/lab.js';
import { startProcessTarget } from './support/process-target.js';

const SIGNED_ENV = { WEBHOOK_SECRET: LAB_SECRET };
const LOCAL_ENV = { ...SIGNED_ENV, WEBHOOK_ALLOW_PLAIN_HTTP: '1' };

async function post(
  url: string,
  body: string,
  signature?: string,
  header = 'x-webhook-signature',
) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (signature !== undefined) headers[header.toLowerCase()] = signature;
  const response = await request(url, { method: 'POST', body, headers });
  await response.body.dump();
  return response.statusCode;
}

function sign(body: string, tag = 'HMAC_SHA256='): string {
  return `${tag}${createHmac('sha256', LAB_SECRET).update(body).digest('hex')}`;
}

// The fix snippets users copy are regions of these receivers; each receiver must both
// work (accept a valid signature) and scan clean, or the snippets are not proven.
describe(
  'fix receivers (lab/fixes): the code behind every fix snippet',
  { concurrency: 2 },
  () => {
    for (const receiver of FIX_RECEIVERS) {
      it(`given the ${receiver.framework} receiver, should accept only valid signatures and scan clean`, async () => {
        const target = await startProcessTarget(receiver.command(), [receiver.file], LOCAL_ENV);
        try {
          const url = `${target.origin}/webhook`;
          const { header, tag } = receiver;
          const body = '{"type":"order.paid","id":"evt_1"}';
          const valid = sign(body, tag);
          const upper = valid.replace(
            /=([0-9a-f]+)$/,
            (_, hex: string) => `=${hex.toUpperCase()}`,
          );
          const cases: Array<[string, string | undefined, number]> = [
            ['valid signature', valid, 200],
            ['no signature', undefined, 401],
            ['wrong signature', sign('{"other":1}', tag), 401],
            ['uppercase hex', upper, 401],
            ['truncated', valid.slice(0, -2), 401],
            ['no tag', valid.replace(tag, ''), 401],
          ];
          for (const [label, signature, expected] of cases) {
            assert.equal(
              await post(url, body, signature, header),
              expected,
              `${receiver.framework}: ${label}`,
            );
          }
          const notJson = sign('not json', tag);
          assert.equal(
            await post(url, 'not json', notJson, header),
            400,
            'valid signature, bad JSON',
          );

          // Both signed routes, without and with the secret (L0, then L2 with valid
          // references): nothing above info may come out.
          const urls = [url, `${target.origin}/webhook/redeliver`];
          for (const level of [[], ['--secret-env', 'WEBHOOK_SECRET']]) {
            const run = await runCli(
              [
                'scan',
                ...urls,
                '--scheme',
                receiver.scheme,
                ...level,
                '--format',
                'json',
                '--fail-on',
                'low',
              ],
              { env: SIGNED_ENV },
            );
            assert.equal(
              run.code,
              0,
              `${level.join(' ')}: ${run.stdout.slice(0, 2000)} ${run.stderr}`,
            );
            const result = JSON.parse(run.stdout) as {
              findings: Array<{ id: string; severity: string }>;
              checks: Array<{ status: string }>;
              score: { grade: string };
            };
            const keys = result.findings.map((f) => `${f.id}/${f.severity}`);
            assert.deepEqual(
              keys.filter((key) => !key.endsWith('/info')),
              [],
              level.join(' '),
            );
            assert.equal(keys.filter((key) => key === 'plaintext-transport/info').length, 2);
            assert.equal(result.score.grade, 'A');
            // Both endpoints really were examined by the checks of their level.
            const ran = result.checks.filter((c) => c.status === 'ran').length;
            assert.ok(ran >= 2 * 10, `${ran} check runs`);
          }
        } finally {
          await target.stop();
        }
      });

      // The vendor receiver shows only the library's part; HTTPS is the frameworks' fix.
      if (receiver.scheme !== 'plain') continue;
      it(`given the ${receiver.framework} receiver without the local-HTTP setting, should refuse plain HTTP`, async () => {
        const target = await startProcessTarget(
          receiver.command(),
          [receiver.file],
          SIGNED_ENV,
        );
        try {
          const body = '{"type":"order.paid"}';
          const status = await post(
            `${target.origin}/webhook`,
            body,
            sign(body, receiver.tag),
            receiver.header,
          );
          // 403 from the middleware; Django's SecurityMiddleware redirects to https (301).
          assert.ok(status === 403 || status === 301, `got ${status}`);
        } finally {
          await target.stop();
        }
      });
    }
  },
);

describe('fix snippets: consistency', () => {
  it('given every registered check, should have a fix for every framework (or be listed as lacking one)', () => {
    const lacking = new Set<string>();
    for (const { meta } of ALL_CHECKS) {
      if (
        fixesFor(meta.remediation).filter((fix) =>
          CORE_FRAMEWORKS.some((f) => f.id === fix.framework),
        ).length === 0
      ) {
        lacking.add(meta.remediation);
        continue;
      }
      const frameworks = fixesFor(meta.remediation).map((fix) => fix.framework);
      for (const framework of CORE_FRAMEWORKS) {
        assert.ok(
          frameworks.includes(framework.id),
          `${meta.id} (${meta.remediation}): ${framework.id}`,
        );
      }
      for (const fix of fixesFor(meta.remediation))
        assert.ok(fix.code.trim().length > 40, `${meta.id}/${fix.framework}`);
    }
    assert.deepEqual([...lacking].sort(), [...KEYS_WITHOUT_TESTED_FIX].sort());
  });

  const regionCases: Array<[string, string, Record<string, string> | RegExp]> = [
    ['one region', 'a\n# sigprobe-fix: k\n  x = 1\n# sigprobe-fix-end\nb', { k: 'x = 1' }],
    [
      'two keys, joined parts',
      '// sigprobe-fix: a b\nf()\n// sigprobe-fix-end\n// sigprobe-fix: a\ng()\n// sigprobe-fix-end',
      { a: 'f()\n\ng()', b: 'f()' },
    ],
    [
      'a region for every key',
      '# sigprobe-fix: *\nimport x\n# sigprobe-fix-end\n# sigprobe-fix: a\nf()\n# sigprobe-fix-end',
      { a: 'import x\n\nf()' },
    ],
    [
      'keys over two start lines',
      '# sigprobe-fix: a\n# sigprobe-fix: b\nf()\n# sigprobe-fix-end',
      { a: 'f()', b: 'f()' },
    ],
    [
      'nested region',
      '# sigprobe-fix: a\nf()\n# sigprobe-fix: b\n# sigprobe-fix-end',
      /opened inside/,
    ],
    ['end without start', 'x\n# sigprobe-fix-end', /without a start/],
    ['never closed', '# sigprobe-fix: a\nx', /never ends/],
  ];
  for (const [label, text, expected] of regionCases) {
    it(`given ${label}, should ${expected instanceof RegExp ? 'fail' : 'extract the code'}`, () => {
      if (expected instanceof RegExp) {
        assert.throws(() => parseRegions(text, 'f'), expected);
      } else {
        assert.deepEqual(Object.fromEntries(parseRegions(text, 'f')), expected);
      }
    });
  }
});
