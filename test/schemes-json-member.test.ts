import assert from 'node:assert/strict';
import { test } from 'node:test';
import { memberSlot } from '../src/schemes/json-member.js';
import { createScheme } from '../src/schemes/registry.js';

/** What the slot does to `text`, or undefined when memberSlot declines. */
function spliced(text: string, value: unknown): unknown {
  const bytes = Buffer.from(text);
  const slot = memberSlot(bytes, 'signature');
  if (!slot) return undefined;
  const out = Buffer.concat([
    bytes.subarray(0, slot.start),
    Buffer.from(slot.lead + JSON.stringify(value)),
    bytes.subarray(slot.end),
  ]);
  return JSON.parse(out.toString('utf8'));
}

function parsesToObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

const VALID = [
  '{}',
  ' { } ',
  '{"a":1}',
  '{"signature":{"timestamp":"1","token":"t","signature":"old"},"event-data":{"id":"x"}}',
  '{"a":{"signature":1},"b":[1,2,{"signature":2}]}',
  '{\n  "a": [ -0, 1.5e+3, 2E-2, 0.25, true, false, null ],\n  "b" : "x\\"y\\\\z\\u00e9\\n"\n}',
  '{"é":"ü","signature":"x","z":{}}',
  '{"deep":' + '['.repeat(500) + ']'.repeat(500) + '}',
];

const INVALID = [
  '',
  '[]',
  '"signature"',
  '{',
  '{"a":1,}',
  '{"a":01}',
  '{"a":1.}',
  '{"a":.5}',
  '{"a":-}',
  '{"a":tru}',
  '{"a":"\u0001"}',
  '{"a":"\\x"}',
  '{"a":"\\u12g4"}',
  '{"a" 1}',
  '{"a":1}}',
  '{"a":1} x',
  '\ufeff{"a":1}',
  '{"a":[1,]}',
  '{"a":[1 2]}',
  "{'a':1}",
];

test('memberSlot: valid objects get the member set as JSON.parse + spread would', () => {
  const value = { timestamp: '1760000000', token: 'tok', signature: 'abc' };
  for (const text of VALID) {
    const expected = { ...parsesToObject(text)!, signature: value };
    assert.deepEqual(spliced(text, value), expected, text.slice(0, 60));
  }
});

test('memberSlot: declines whatever JSON.parse rejects or is not an object', () => {
  for (const text of INVALID) {
    assert.equal(parsesToObject(text), undefined, `fixture should be invalid: ${text}`);
    assert.equal(memberSlot(Buffer.from(text), 'signature'), undefined, text);
  }
});

test('memberSlot: nesting deeper than a call stack allows is still scanned', () => {
  const depth = 200_000;
  const text = `{"deep":${'['.repeat(depth)}${']'.repeat(depth)}}`;
  assert.deepEqual(memberSlot(Buffer.from(text), 'signature'), {
    start: text.length - 1,
    end: text.length - 1,
    lead: ',"signature":',
  });
});

test('memberSlot: declines duplicate or escaped top-level keys', () => {
  const twice = Buffer.from('{"signature":1,"signature":2}');
  assert.equal(memberSlot(twice, 'signature'), undefined);
  assert.equal(memberSlot(Buffer.from('{"sig\\u006eature":1}'), 'signature'), undefined);
});

test('memberSlot: agrees with JSON.parse on mutated bodies', () => {
  // Deterministic mutations of a valid body: every single-byte deletion and a set of
  // single-byte replacements. Where JSON.parse gives an object, the splice must give
  // the same object plus the member; elsewhere memberSlot must decline.
  const base = '{"id":"evt_1","n":[1,-2.5e3,true,null],"o":{"s":"a\\"b"},"signature":{"t":1}}';
  const value = { signature: 'new' };
  const variants: string[] = [];
  for (let i = 0; i < base.length; i += 1) {
    variants.push(base.slice(0, i) + base.slice(i + 1));
    for (const c of ['"', '{', '}', '[', ']', ',', ':', '\\', ' ', '0', 'e', '-', '\n'])
      variants.push(base.slice(0, i) + c + base.slice(i + 1));
  }
  for (const text of variants) {
    const object = parsesToObject(text);
    const duplicate = (text.match(/"signature"\s*:/g) ?? []).length > 1;
    const got = spliced(text, value);
    if (!object) assert.equal(got, undefined, text);
    else if (got !== undefined) assert.deepEqual(got, { ...object, signature: value }, text);
    else assert.ok(duplicate || text.includes('\\'), `declined a plain valid object: ${text}`);
  }
});

test('mailgun signs into the body it was given, keeping the event bytes', () => {
  const scheme = createScheme('mailgun');
  const secret = Buffer.from('key-mailgun');
  const body = '{\n  "event-data": {"id": "x", "amount": 1.50}\n}';
  const request = {
    method: 'POST',
    url: 'http://127.0.0.1/h',
    headers: [['Content-Type', 'application/json']] as Array<[string, string]>,
    body: Buffer.from(body),
  };
  const signed = scheme.sign(request, { secret, timestamp: 1_760_000_000, id: 'token-1' });
  const text = signed.body.toString('utf8');
  const kept = '{\n  "event-data": {"id": "x", "amount": 1.50},"signature":';
  assert.ok(text.startsWith(kept), text);
  assert.ok(scheme.verify(signed, secret));
  // Signing again replaces the signature in place rather than adding a second one.
  const again = scheme.sign(signed, { secret, timestamp: 1_760_000_001, id: 'token-2' });
  assert.equal((again.body.toString('utf8').match(/"signature"/g) ?? []).length, 2);
  assert.ok(scheme.verify(again, secret));
  assert.equal(scheme.timestampOf(again), 1_760_000_001);
});
