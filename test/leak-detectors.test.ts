import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { digestCandidates, traceAndDetailHits } from '../src/checks/support/leak-detectors.js';
import type { Exchange } from '../src/model/http.js';

const BODY = Buffer.from('{"id":"evt_1","type":"sigprobe.test"}');
const FORGED = createHmac('sha256', 'wrong').update(BODY).digest('hex');
const EXPECTED = createHmac('sha256', 'right').update(BODY).digest('hex');

function exchange(body: string, headers: Array<[string, string]> = []): Exchange {
  return {
    id: 1,
    label: 'probe',
    signature: 'forged',
    request: {
      method: 'POST',
      url: 'http://127.0.0.1:1/webhook',
      headers: [['X-Webhook-Signature', `HMAC_SHA256=${FORGED}`]],
      body: BODY,
    },
    response: {
      status: 401,
      headers,
      body: Buffer.from(body),
      bodyBytes: body.length,
      truncated: false,
    },
    startedAt: 0,
  };
}

describe('leak detectors: traces and failure details', () => {
  const cases: Array<[string, string, string | undefined]> = [
    ['a generic 401', '{"error":"invalid signature"}', undefined],
    ['missing vs invalid wording', '{"error":"missing signature header"}', undefined],
    ['the words error and exception', 'an exception to the rules: error 401', undefined],
    [
      'a Python traceback',
      'Traceback (most recent call last):\n  File "/app/hook.py", line 31, in webhook',
      'stack-trace',
    ],
    [
      'a Node stack',
      'Error: bad\n    at verify (/app/server.js:12:9)\n    at handle (/app/node_modules/express/lib/router/layer.js:95:5)',
      'stack-trace',
    ],
    ['a Rails frame', "app/controllers/hooks_controller.rb:14:in `verify'", 'stack-trace'],
    ['a Java frame', 'at com.acme.Hook.verify(Hook.java:42)', 'stack-trace'],
    ["Werkzeug's debugger", '<title>ValueError // Werkzeug Debugger</title>', 'debugger-page'],
    ['a byte position', '{"error":"signature mismatch at byte 3"}', 'failure-detail'],
    ['a match count', '{"error":"12 of 64 characters match"}', 'failure-detail'],
  ];
  for (const [name, text, kind] of cases) {
    it(`given ${name}, should ${kind ? `find a ${kind}` : 'find nothing'}`, () => {
      assert.deepEqual(
        traceAndDetailHits(text)
          .map((hit) => hit.kind)
          .slice(0, 1),
        kind ? [kind] : [],
      );
    });
  }
});

describe('leak detectors: digest-shaped values', () => {
  const cases: Array<[string, Exchange, string[]]> = [
    ['the expected signature in the body', exchange(`{"expected":"${EXPECTED}"}`), [EXPECTED]],
    [
      'the expected signature in a header',
      exchange('{}', [['x-expected', EXPECTED]]),
      [EXPECTED],
    ],
    ['the forged signature echoed back', exchange(`{"received":"HMAC_SHA256=${FORGED}"}`), []],
    [
      'the forged signature in upper case',
      exchange(`{"received":"${FORGED.toUpperCase()}"}`),
      [],
    ],
    [
      'the SHA-256 of the body',
      exchange(`{"body_sha256":"${createHash('sha256').update(BODY).digest('hex')}"}`),
      [],
    ],
    ['an ETag', exchange('{}', [['etag', `"${EXPECTED}"`]]), []],
    ['a longer hex run', exchange(`{"trace":"${EXPECTED}ab"}`), []],
    ['a 32-hex request id', exchange(`{"request_id":"${EXPECTED.slice(0, 32)}"}`), []],
  ];
  for (const [name, probe, tokens] of cases) {
    it(`given ${name}, should report ${tokens.length ? 'it as a candidate' : 'no candidate'}`, () => {
      assert.deepEqual(
        digestCandidates(probe, 'sha256', 'hex').map((c) => c.token),
        tokens,
      );
    });
  }
});
