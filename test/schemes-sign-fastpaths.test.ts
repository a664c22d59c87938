import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { test } from 'node:test';
import type { HttpRequest } from '../src/model/http.js';
import { HmacScheme } from '../src/schemes/hmac-scheme.js';
import { memberSlot } from '../src/schemes/json-member.js';
import { createScheme } from '../src/schemes/registry.js';

// The signing fast paths must give exactly what the straightforward paths give.

test('aws-sigv4 sign() equals the generic strip / prepare / sign / write path', () => {
  const scheme = createScheme('aws-sigv4');
  assert.ok(scheme instanceof HmacScheme);
  const headerSets: Array<Array<[string, string]>> = [
    [],
    [['Content-Type', 'application/json']],
    [
      ['Host', 'other.example.test'],
      ['host', 'second.example.test'],
      ['Content-Type', 'application/json'],
    ],
    [
      ['X-Amz-Date', '20000101T000000Z'],
      [
        'Authorization',
        'AWS4-HMAC-SHA256 Credential=a/b/c/d/aws4_request, SignedHeaders=host, Signature=00',
      ],
      ['User-Agent', 'ua'],
      ['X-Amzn-Trace-Id', 'Root=1'],
      ['Expect', '100-continue'],
      ['Connection', 'keep-alive'],
    ],
    [
      ['X-Amz-Content-Sha256', 'UNSIGNED-PAYLOAD'],
      ['x-b', '  two   spaces  '],
      ['X-A', 'first'],
      ['x-a', 'second'],
      ['Zeta', 'z'],
      ['accept', '*/*'],
      ['X-Unicode', 'ünï\u00a0code'],
      ['x-tab', 'a\tb'],
    ],
    Array.from({ length: 20 }, (_, i) => [`X-H${(i * 7) % 20}`, `v${i}`] as [string, string]),
  ];
  const urls = [
    'https://hooks.example.test/receive?x=1',
    'https://API.Example.test:8443/a/b/../c?b=2&a=1',
    'http://127.0.0.1/p!a(t)h*/ü?q=a+b&q=a%2Bb&empty=',
  ];
  let compared = 0;
  for (const url of urls)
    for (const headers of headerSets)
      for (const body of ['', '{"a":1}'])
        for (const timestamp of [0, 1_760_000_000, 253_402_300_799]) {
          const request: HttpRequest = {
            method: 'post',
            url,
            headers,
            body: Buffer.from(body),
          };
          const options = { secret: Buffer.from('sigv4-secret'), timestamp };
          const fast = scheme.sign(request, options);
          const generic: HttpRequest = HmacScheme.prototype.sign.call(scheme, request, options);
          assert.deepEqual(fast, generic, `${url} ${JSON.stringify(headers)}`);
          assert.ok(scheme.verify(fast, options.secret));
          compared += 1;
        }
  assert.equal(compared, urls.length * headerSets.length * 2 * 3);
});

/** A deterministic generator of JSON-ish text: valid values, then mutated. */
function* bodies(): Generator<string> {
  let seed = 12345;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff) / 0x80000000;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const strings = [
    '',
    'a',
    'é',
    '\\"',
    '\\\\',
    '\\u00e9',
    '\\ud83d\\ude00',
    'x\\ny',
    '{}[]:,',
    '\\/',
  ];
  const numbers = ['0', '-0', '1', '-12', '1.5', '1e3', '2E-2', '0.25', '1.0e+10'];
  const space = () => pick(['', '', '', ' ', '\n', '\t', '\r\n  ']);
  const value = (depth: number): string => {
    const kind = depth > 3 ? Math.floor(random() * 4) : Math.floor(random() * 6);
    if (kind === 0) return `"${pick(strings)}"`;
    if (kind === 1) return pick(numbers);
    if (kind === 2) return pick(['true', 'false', 'null']);
    if (kind === 3) return `"${pick(strings)}${pick(strings)}"`;
    const count = Math.floor(random() * 4);
    const items = Array.from({ length: count }, () =>
      kind === 4
        ? `${space()}"${pick(['signature', 'k', 'sig', 'é', 'signature2'])}"${space()}:${space()}${value(depth + 1)}${space()}`
        : `${space()}${value(depth + 1)}${space()}`,
    );
    return kind === 4 ? `{${items.join(',')}${space()}}` : `[${items.join(',')}${space()}]`;
  };
  const breakers = [
    '"',
    '{',
    '}',
    '[',
    ']',
    ',',
    ':',
    '\\',
    ' ',
    '0',
    '-',
    '.',
    'e',
    '\u0001',
    'x',
    'é',
  ];
  for (let i = 0; i < 3000; i += 1) {
    const top = `${space()}{${space()}"a":${value(0)},"signature":${value(0)}${space()}}${space()}`;
    yield top;
    yield `{"event":${value(0)}}`;
    const at = Math.floor(random() * top.length);
    yield top.slice(0, at) + top.slice(at + 1);
    yield top.slice(0, at) + pick(breakers) + top.slice(at + 1);
  }
}

test('memberSlot decides every generated body as JSON.parse does', () => {
  let accepted = 0;
  for (const text of bodies()) {
    let object: Record<string, unknown> | undefined;
    try {
      const value: unknown = JSON.parse(text);
      if (value && typeof value === 'object' && !Array.isArray(value))
        object = value as Record<string, unknown>;
    } catch {
      object = undefined;
    }
    const bytes = Buffer.from(text);
    const slot = memberSlot(bytes, 'signature');
    if (!object) {
      assert.equal(slot, undefined, text);
      continue;
    }
    const keys = [...text.matchAll(/"signature"\s*:/g)].length;
    if (!slot) {
      // Declines only what it cannot decide without decoding (see memberSlot).
      assert.ok(keys > 1 || text.includes('\\'), `declined: ${text}`);
      continue;
    }
    const out = Buffer.concat([
      bytes.subarray(0, slot.start),
      Buffer.from(`${slot.lead}"new"`),
      bytes.subarray(slot.end),
    ]);
    assert.deepEqual(JSON.parse(out.toString('utf8')), { ...object, signature: 'new' }, text);
    accepted += 1;
  }
  assert.ok(accepted > 3000, `accepted ${accepted}`);
});

test('mailgun sign() writes the body the JSON.stringify text gives, byte for byte', () => {
  const scheme = createScheme('mailgun');
  const texts = [
    '{}',
    ' {"a":1} ',
    '{"signature":{"old":true},"x":"é"}',
    '{"x":[1,{"signature":2}],"signature":null}',
  ];
  for (const text of texts)
    for (const id of ['tok', 'tøk "quoted" \\ \u0001', '']) {
      const request: HttpRequest = {
        method: 'POST',
        url: 'http://127.0.0.1/h',
        headers: [['Content-Type', 'application/json']],
        body: Buffer.from(text),
      };
      const signed = scheme.sign(request, {
        secret: Buffer.from('k'),
        timestamp: 1_760_000_000,
        id,
      });
      const signature = scheme.signaturesOf(signed)[0];
      const value = { timestamp: '1760000000', token: id, signature };
      const slot = memberSlot(request.body, 'signature')!;
      const expected = Buffer.concat([
        request.body.subarray(0, slot.start),
        Buffer.from(slot.lead + JSON.stringify(value)),
        request.body.subarray(slot.end),
      ]);
      assert.ok(signed.body.equals(expected), `${text} ${id}: ${signed.body.toString()}`);
      assert.ok(scheme.verify(signed, Buffer.from('k')));
    }
});

/** Adyen batch signing as it was before signing in place: spreads, then one stringify. */
function adyenBySpreads(body: string, hexKey: string): string {
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  const text = (v: unknown) => (v === undefined || v === null ? '' : String(v));
  const key = Buffer.from(hexKey, 'hex');
  const root = JSON.parse(body) as Record<string, unknown>;
  const entries = (root.notificationItems as unknown[]).map((entry) => {
    const event = isObject(entry) ? entry.NotificationRequestItem : undefined;
    if (!isObject(event)) return entry;
    const amount = isObject(event.amount) ? event.amount : {};
    const signed = [
      event.pspReference,
      event.originalReference,
      event.merchantAccountCode,
      event.merchantReference,
      amount.value,
      amount.currency,
      event.eventCode,
      event.success,
    ]
      .map(text)
      .join(':');
    const hmacSignature = createHmac('sha256', key).update(signed).digest('base64');
    const extra = isObject(event.additionalData) ? event.additionalData : undefined;
    const item = { ...event, additionalData: { ...extra, hmacSignature } };
    return { ...(entry as Record<string, unknown>), NotificationRequestItem: item };
  });
  return JSON.stringify({ ...root, notificationItems: entries });
}

test('adyen sign() in place writes what the spreading form wrote', () => {
  const scheme = createScheme('adyen');
  const hexKey = '5c1f0e7a9b3d42e8a6f1c0d9b8e7a6f54c3b2a1908f7e6d5c4b3a2918f7e6d5c';
  const items = [
    '{"pspReference":"A","merchantAccountCode":"M","merchantReference":"r","amount":{"value":1000,"currency":"EUR"},"eventCode":"AUTHORISATION","success":"true","additionalData":{}}',
    '{"pspReference":"B","amount":{"value":1.50,"currency":"EUR"},"success":true}',
    '{"pspReference":"C","additionalData":{"hmacSignature":"old","z":1,"a":"x"}}',
    '{"pspReference":"D","additionalData":{"a":"q\\"uote {brace}","hmacSignature":null}}',
    '{"pspReference":"E","additionalData":"not an object"}',
    '{"pspReference":"F","additionalData":[1,2],"amount":[3]}',
    '{"pspReference":"G","additionalData":null,"amount":{"value":null}}',
    '{"pspReference":"\\u00e9\\ud83d\\ude00 ü","merchantReference":"a:b","originalReference":{"x":1}}',
    '{"2":"two","1":"one","pspReference":"H","additionalData":{"9":0,"hmacSignature":"o"}}',
    '{"__proto__":{"x":1},"pspReference":"I","additionalData":{"__proto__":1}}',
    '{"pspReference":"J","pspReference":"dup","additionalData":{},"additionalData":{"k":1}}',
    '{}',
  ];
  const others = ['1', 'null', '"s"', '[]', '{"NotificationRequestItem":5}', '{"other":{}}'];
  const bodies: string[] = [];
  for (let i = 0; i < items.length; i += 1) {
    const entry = (item: string) => `{"NotificationRequestItem":${item},"extra":${i}}`;
    bodies.push(`{"live":"false","notificationItems":[${entry(items[i]!)}]}`);
    bodies.push(
      ` {"notificationItems" : [ ${entry(items[i]!)} , ${others[i % others.length]}, ${entry(items[(i + 5) % items.length]!)} ], "live":false, "1":0 } `,
    );
  }
  for (const body of bodies) {
    const request: HttpRequest = {
      method: 'POST',
      url: 'http://127.0.0.1/h',
      headers: [['Content-Type', 'application/json']],
      body: Buffer.from(body),
    };
    const signed = scheme.sign(request, { secret: Buffer.from(hexKey), timestamp: 1 });
    assert.equal(signed.body.toString('utf8'), adyenBySpreads(body, hexKey), body);
    assert.equal(request.body.toString('utf8'), body, 'the request is left as it was');
  }
});
