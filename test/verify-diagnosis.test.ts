import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from './support/cli.js';

// Each sample is signed the way a sender making one listed mistake would sign it;
// `sigprobe verify` must name exactly that mistake (or say the signature is valid).
const SECRET = 'verify-secret-4f2a';
const WHSEC = 'whsec_' + Buffer.from('verify-standard-key').toString('base64');
const dir = mkdtempSync(join(tmpdir(), 'sigprobe-verify-'));
const now = Math.floor(Date.now() / 1000);

const mac = (data: string | Buffer, key: string | Buffer = SECRET, digest = 'sha256') =>
  createHmac(digest, key).update(data);
const hex = (data: string | Buffer, key?: string | Buffer) => mac(data, key).digest('hex');
const b64 = (data: string | Buffer, key?: string | Buffer) => mac(data, key).digest('base64');

/** A raw HTTP/1.1 request file, CRLF line ends, Content-Length framing the body. */
function raw(
  name: string,
  path: string,
  headers: Array<[string, string]>,
  body: string,
): string {
  const head = [
    `POST ${path} HTTP/1.1`,
    'Host: hooks.example.test',
    'Content-Type: application/json',
    ...headers.map(([k, v]) => `${k}: ${v}`),
    `Content-Length: ${Buffer.byteLength(body)}`,
  ];
  const file = join(dir, name);
  writeFileSync(file, head.join('\r\n') + '\r\n\r\n' + body);
  return file;
}

const BODY = '{"id": "evt_1", "amount": 1200}';
const COMPACT = '{"id":"evt_1","amount":1200}';

const cases: Array<{
  name: string;
  file: () => string;
  args?: string[];
  secret?: string;
  valid: boolean;
  mistake?: string;
}> = [
  {
    name: 'a correctly signed GitHub delivery',
    file: () => raw('ok.http', '/gh', [['X-Hub-Signature-256', `sha256=${hex(BODY)}`]], BODY),
    valid: true,
  },
  {
    name: 'a body re-serialised before signing',
    file: () =>
      raw('reser.http', '/gh', [['X-Hub-Signature-256', `sha256=${hex(COMPACT)}`]], BODY),
    valid: false,
    mistake: 'body-reserialised',
  },
  {
    name: 'a trailing newline signed but not sent',
    file: () =>
      raw('nl.http', '/gh', [['X-Hub-Signature-256', `sha256=${hex(BODY + '\n')}`]], BODY),
    valid: false,
    mistake: 'trailing-newline',
  },
  {
    name: 'a hex scheme given base64',
    file: () => raw('enc.http', '/gh', [['X-Hub-Signature-256', `sha256=${b64(BODY)}`]], BODY),
    valid: false,
    mistake: 'wrong-encoding',
  },
  {
    name: 'upper-case hex',
    file: () =>
      raw(
        'case.http',
        '/gh',
        [['X-Hub-Signature-256', `sha256=${hex(BODY).toUpperCase()}`]],
        BODY,
      ),
    valid: false,
    mistake: 'letter-case',
  },
  {
    name: 'a whsec_ secret used as text instead of decoded',
    file: () =>
      raw(
        'whsec.http',
        '/sw',
        [
          ['webhook-id', 'msg_1'],
          ['webhook-timestamp', String(now)],
          ['webhook-signature', `v1,${b64(`msg_1.${now}.${BODY}`, WHSEC)}`],
        ],
        BODY,
      ),
    secret: WHSEC,
    valid: false,
    mistake: 'secret-form',
  },
  {
    name: 'Square signed over the path instead of the full URL',
    file: () =>
      raw(
        'square.http',
        '/square?x=1',
        [['x-square-hmacsha256-signature', b64('/square?x=1' + BODY)]],
        BODY,
      ),
    args: ['--scheme', 'square'],
    valid: false,
    mistake: 'path-vs-url',
  },
  {
    name: 'Stripe signed with a milliseconds timestamp but sent in seconds',
    file: () =>
      raw(
        'ms.http',
        '/stripe',
        [['Stripe-Signature', `t=${now},v1=${hex(`${now * 1000}.${BODY}`)}`]],
        BODY,
      ),
    valid: false,
    mistake: 'timestamp-unit',
  },
  {
    name: 'Slack signed with dots instead of colons',
    file: () =>
      raw(
        'sep.http',
        '/slack',
        [
          ['X-Slack-Request-Timestamp', String(now)],
          ['X-Slack-Signature', `v0=${hex(`v0.${now}.${BODY}`)}`],
        ],
        BODY,
      ),
    valid: false,
    mistake: 'wrong-separator',
  },
  {
    name: 'a signature made with another secret',
    file: () =>
      raw(
        'other.http',
        '/gh',
        [['X-Hub-Signature-256', `sha256=${hex(BODY, 'another-secret')}`]],
        BODY,
      ),
    valid: false,
  },
];

describe('sigprobe verify: diagnosis of integration mistakes', () => {
  for (const c of cases) {
    it(`given ${c.name}, should say ${c.valid ? 'valid' : (c.mistake ?? 'invalid with no listed cause')}`, async () => {
      const secret = c.secret ?? SECRET;
      const run = await runCli(
        [
          'verify',
          '--sample',
          c.file(),
          '--secret-env',
          'VERIFY_SECRET',
          '--format',
          'json',
          ...(c.args ?? []),
        ],
        { env: { VERIFY_SECRET: secret } },
      );
      assert.equal(run.code, c.valid ? 0 : 1, run.stderr + run.stdout);
      const result = JSON.parse(run.stdout) as {
        valid: boolean;
        mistake: { id: string } | null;
      };
      assert.equal(result.valid, c.valid);
      assert.equal(result.mistake?.id, c.mistake);
      assert.ok(
        !run.stdout.includes(secret) && !run.stdout.includes(SECRET),
        'the secret must not be printed',
      );
    });
  }

  it('given no secret, should fail with a one-line input error (exit 2)', async () => {
    const run = await runCli(['verify', '--sample', raw('nosecret.http', '/gh', [], BODY)]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^sigprobe: sigprobe verify needs the secret/);
  });
});
