import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadSample } from '../src/inputs/index.js';
import { InputError } from '../src/model/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'sigprobe-samples-'));
function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const har = (entries: unknown[]) => JSON.stringify({ log: { version: '1.2', entries } });
const harEntry = (url: string, text?: string, extra: object = {}) => ({
  request: {
    method: 'post',
    url,
    httpVersion: 'HTTP/2',
    headers: [
      { name: ':authority', value: 'x' },
      { name: 'Content-Type', value: 'application/json' },
      { name: 'Content-Length', value: '99' },
      { name: 'X-Hub-Signature-256', value: 'sha256=ab' },
    ],
    ...(text === undefined
      ? {}
      : { postData: { mimeType: 'application/json', text, ...extra } }),
  },
});

describe('inputs: --sample formats', () => {
  const cases: Array<{
    name: string;
    path: () => string;
    entry?: string;
    method: string;
    url: string;
    body: string;
    headers?: Array<[string, string]>;
  }> = [
    {
      name: 'a one-entry HAR with an HTTP/2 pseudo-header',
      path: () => file('one.har', har([harEntry('https://api.test/hook', '{"a": 1}\n')])),
      method: 'POST',
      url: 'https://api.test/hook',
      body: '{"a": 1}\n',
      headers: [
        ['Content-Type', 'application/json'],
        ['X-Hub-Signature-256', 'sha256=ab'],
      ],
    },
    {
      name: 'a HAR entry chosen by number',
      path: () =>
        file(
          'two.har',
          har([harEntry('https://api.test/a', 'A'), harEntry('https://api.test/b', 'B')]),
        ),
      entry: '2',
      method: 'POST',
      url: 'https://api.test/b',
      body: 'B',
    },
    {
      name: 'a HAR entry chosen by URL substring',
      path: () =>
        file(
          'two-url.har',
          har([harEntry('https://api.test/a', 'A'), harEntry('https://api.test/bb', 'B')]),
        ),
      entry: '/bb',
      method: 'POST',
      url: 'https://api.test/bb',
      body: 'B',
    },
    {
      name: 'a HAR with a base64 binary body',
      path: () =>
        file(
          'bin.har',
          har([
            harEntry('https://api.test/a', Buffer.from([0, 255, 10]).toString('base64'), {
              encoding: 'base64',
            }),
          ]),
        ),
      method: 'POST',
      url: 'https://api.test/a',
      body: '\u0000\u00ff\n',
    },
    {
      name: 'a multi-line curl command with quoting and continuations',
      path: () =>
        file(
          'c.sh',
          `$ curl -sS -X POST 'http://127.0.0.1:9/hook?x=1' \\\n  -H "X-Sig: v0=\\"q\\"" \\\n  -H 'Content-Type: application/json' \\\n  --data-raw $'{"a":\\n1}' | jq .\n`,
        ),
      method: 'POST',
      url: 'http://127.0.0.1:9/hook?x=1',
      body: '{"a":\n1}',
      headers: [
        ['X-Sig', 'v0="q"'],
        ['Content-Type', 'application/json'],
      ],
    },
    {
      name: 'curl -d with a form default content type and joined data',
      path: () => file('d.curl', `curl http://h.test/p -d a=1 -d 'b=2 3'`),
      method: 'POST',
      url: 'http://h.test/p',
      body: 'a=1&b=2 3',
      headers: [['Content-Type', 'application/x-www-form-urlencoded']],
    },
    {
      name: 'curl --data-binary @file keeping newlines',
      path: () => {
        file('body.json', '{"x":1}\r\n');
        return file(
          'f.curl',
          'curl -XPUT -H"X-A: 1" --data-binary @body.json https://h.test/p',
        );
      },
      method: 'PUT',
      url: 'https://h.test/p',
      body: '{"x":1}\r\n',
      headers: [
        ['X-A', '1'],
        ['Content-Type', 'application/x-www-form-urlencoded'],
      ],
    },
    {
      name: 'a raw HTTP/1.1 request with CRLF and Content-Length bounding the body',
      path: () =>
        file(
          'r.http',
          'POST /hook?q=1 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nContent-Length: 5\r\nX-Sig: abc\r\n\r\nhello\n',
        ),
      method: 'POST',
      url: 'http://127.0.0.1:8080/hook?q=1',
      body: 'hello',
      headers: [['X-Sig', 'abc']],
    },
    {
      name: 'a raw request with LF lines and a chunked body',
      path: () =>
        file(
          'c.http',
          'POST /h HTTP/1.1\nHost: api.test\nTransfer-Encoding: chunked\n\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n',
        ),
      method: 'POST',
      url: 'https://api.test/h',
      body: 'abcde',
      headers: [],
    },
  ];

  for (const c of cases) {
    it(`given ${c.name}, should read the exact request`, () => {
      const { request } = loadSample(c.path(), { entry: c.entry });
      assert.equal(request.method, c.method);
      assert.equal(request.url, c.url);
      assert.deepEqual(request.body, Buffer.from(c.body, 'latin1'));
      if (c.headers) assert.deepEqual(request.headers, c.headers);
    });
  }

  const errors: Array<{ name: string; path: () => string; entry?: string; message: RegExp }> = [
    {
      name: 'a missing file',
      path: () => join(dir, 'nope.har'),
      message: /cannot read --sample .*nope\.har: ENOENT/,
    },
    {
      name: 'broken JSON',
      path: () => file('bad.har', '{"log": {\n "entries": [,]}}'),
      message: /bad\.har: not valid JSON at line 2/,
    },
    {
      name: 'a HAR without log.entries',
      path: () => file('shape.har', '{"log": {}}'),
      message: /shape\.har: log\.entries is missing/,
    },
    {
      name: 'a HAR with several entries and no --entry',
      path: () =>
        file(
          'many.har',
          har([harEntry('https://a.test/1', 'x'), harEntry('https://a.test/2', 'y')]),
        ),
      message: /2 entries; choose one with --entry/,
    },
    {
      name: 'an out-of-range entry',
      path: () => file('range.har', har([harEntry('https://a.test/1', 'x')])),
      entry: '3',
      message: /--entry 3 is out of range/,
    },
    {
      name: 'a HAR entry with a relative URL',
      path: () => file('rel.har', har([harEntry('/x', 'x')])),
      message: /log\.entries\[0\]\.request\.url is not an http\(s\) URL/,
    },
    {
      name: 'an unterminated quote in curl',
      path: () => file('q.curl', `curl http://a.test \\\n  -H 'X: 1`),
      message: /q\.curl: line 2: unterminated single quote/,
    },
    {
      name: 'curl with -F',
      path: () => file('f2.curl', 'curl http://a.test\n'.replace('\n', ' -F a=b\n')),
      message: /line 1: -F \(multipart\) is not supported/,
    },
    {
      name: 'an unknown curl option',
      path: () => file('u.curl', 'curl --frobnicate http://a.test'),
      message: /curl option --frobnicate is not supported/,
    },
    {
      name: 'a raw request cut short',
      path: () => file('cut.http', 'POST / HTTP/1.1\nHost: a.test\nContent-Length: 50\n\nabc'),
      message: /cut\.http: line 5: the body has 3 bytes but Content-Length says 50/,
    },
    {
      name: 'a raw header line without a colon',
      path: () => file('h.http', 'GET / HTTP/1.1\nHost a.test\n\n'),
      message: /h\.http: line 2: header line has no/,
    },
    {
      name: 'an unknown format',
      path: () => file('x.txt', 'hello world'),
      message: /x\.txt: line 1: not a HAR file, a curl command or a raw HTTP/,
    },
    {
      name: '--entry on a curl sample',
      path: () => file('e.curl', 'curl http://a.test'),
      entry: '1',
      message: /--entry applies to HAR files/,
    },
  ];
  for (const c of errors) {
    it(`given ${c.name}, should throw a one-line InputError naming the file and place`, () => {
      assert.throws(
        () => loadSample(c.path(), { entry: c.entry }),
        (error: unknown) => {
          assert.ok(error instanceof InputError, String(error));
          assert.match(error.message, c.message);
          assert.ok(!error.message.includes('\n'));
          return true;
        },
      );
    });
  }
});
