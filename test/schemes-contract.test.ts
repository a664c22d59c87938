import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { InputError } from '../src/model/errors.js';
import { getHeader } from '../src/model/http.js';
import type { HttpRequest } from '../src/model/http.js';
import { adyenExampleBody } from '../src/schemes/adyen.js';
import { forgerySecret } from '../src/schemes/body-header.js';
import { detectScheme } from '../src/schemes/detect.js';
import { createScheme, schemeIds } from '../src/schemes/registry.js';
import { checkTemplate, loadTemplate } from '../src/schemes/template.js';
import type { SchemeOverrides } from '../src/schemes/types.js';

const TEMPLATE = checkTemplate(
  {
    signatureHeader: 'X-Acme-Sig',
    timestampHeader: 'X-Acme-Ts',
    digest: 'sha512',
    encoding: 'base64',
    prefix: 'v2=',
    parts: ['method', 'path', 'timestamp', 'body'],
    separator: '\n',
  },
  'inline',
);
const OVERRIDES: Record<string, SchemeOverrides> = {
  template: { template: TEMPLATE },
  'aws-sigv4': { credential: 'AKIDTEST/eu-central-1/execute-api' },
};
const SECRETS: Record<string, Buffer> = {
  'standard-webhooks': Buffer.from('whsec_' + Buffer.from('contract-key').toString('base64')),
  // Adyen's key is hex text, as its Customer Area shows it.
  adyen: Buffer.from('0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9'),
};
const SECRET = Buffer.from('contract-secret');

function request(id: string): HttpRequest {
  if (id === 'adyen') {
    return {
      method: 'POST',
      url: 'https://hooks.example.test/in/bound?x=1',
      headers: [['Content-Type', 'application/json']],
      body: adyenExampleBody(),
    };
  }
  const form = id === 'twilio';
  return {
    method: 'POST',
    url: 'https://hooks.example.test/in/bound?x=1',
    headers: [
      ['Content-Type', form ? 'application/x-www-form-urlencoded' : 'application/json'],
    ],
    body: Buffer.from(
      form ? 'Body=hello&From=%2B1555' : '{"id":"evt_9","type":"x","amount":5}',
    ),
  };
}

/** What cracking does per candidate: HMAC the message with keyFor(candidate). */
function cracks(id: string, signed: HttpRequest, candidate: Buffer): boolean {
  const material = createScheme(id, OVERRIDES[id]).crackMaterial(signed);
  assert.ok(material, `${id}: crackMaterial of a signed request`);
  const key = material.keyFor(candidate);
  if (!key) return false;
  const digest = createHmac(material.digest, key).update(material.message).digest();
  return material.signatures.some(
    (s) => s.length === digest.length && timingSafeEqual(s, digest),
  );
}

describe('schemes: every scheme keeps the SignatureScheme contract', () => {
  for (const id of schemeIds()) {
    const secret = SECRETS[id] ?? SECRET;
    it(`given ${id}, should sign, verify, detect, strip, and give crack material the right secret opens`, () => {
      const scheme = createScheme(id, OVERRIDES[id]);
      const signed = scheme.sign(request(id), {
        secret,
        timestamp: 1_760_000_000,
        id: 'msg_contract',
      });
      assert.equal(scheme.detect(signed), true);
      assert.equal(scheme.verify(signed, secret), true);
      assert.equal(scheme.verify(signed, Buffer.from('not-the-secret')), false);
      assert.equal(
        scheme.verify(scheme.sign(request(id), { secret: forgerySecret() }), secret),
        false,
        'a forged signature must not verify',
      );
      assert.equal(scheme.detect(scheme.strip(signed)), false);
      assert.ok(cracks(id, signed, secret), 'the real secret must open the crack material');
      assert.ok(
        !cracks(id, signed, Buffer.from('wrong-candidate')),
        'a wrong candidate must not',
      );
      if (scheme.covers.includes('timestamp'))
        assert.equal(scheme.timestampOf(signed), 1_760_000_000);
      for (const variant of [
        ...scheme.malformedValues(signed),
        ...scheme.truncatedValues(signed),
      ]) {
        const altered = {
          ...signed,
          headers: signed.headers.map(
            ([k, v]) =>
              [
                k,
                k.toLowerCase() === scheme.signatureHeader.toLowerCase() ? variant.value : v,
              ] as [string, string],
          ),
        };
        assert.equal(scheme.verify(altered, secret), false, `${variant.label} must not verify`);
      }
    });
  }

  it('given the same body and secret, should sign Slack and Zoom identically but under their own headers', () => {
    const slack = createScheme('slack').sign(request('slack'), {
      secret: SECRET,
      timestamp: 1,
    });
    const zoom = createScheme('zoom').sign(request('zoom'), { secret: SECRET, timestamp: 1 });
    assert.equal(
      getHeader(slack.headers, 'X-Slack-Signature'),
      getHeader(zoom.headers, 'x-zm-signature'),
    );
  });

  it('given --header and --timestamp-header overrides, should sign and detect under the new names', () => {
    const scheme = createScheme('slack', {
      signatureHeader: 'X-Acme-Signature',
      timestampHeader: 'X-Acme-Time',
    });
    const signed = scheme.sign(request('slack'), { secret: SECRET, timestamp: 5 });
    assert.equal(getHeader(signed.headers, 'X-Slack-Signature'), undefined);
    assert.ok(getHeader(signed.headers, 'X-Acme-Signature')?.startsWith('v0='));
    assert.equal(getHeader(signed.headers, 'X-Acme-Time'), '5');
  });

  it("given Twitch-style unseparated fields, should offer shifts that keep the signature; Stripe's separated ones none", () => {
    const twitch = createScheme('twitch');
    const signed = twitch.sign(request('twitch'), {
      secret: SECRET,
      timestamp: 1_760_000_000,
      id: 'abc',
    });
    const shifts = twitch.shiftedFields(signed);
    assert.ok(shifts.length > 0);
    for (const shift of shifts)
      assert.equal(twitch.verify(shift.request, SECRET), true, shift.label);
    const stripe = createScheme('stripe');
    assert.deepEqual(
      stripe.shiftedFields(stripe.sign(request('stripe'), { secret: SECRET })),
      [],
    );
  });
});

describe('schemes: detection from a captured request', () => {
  const table: Array<[string, string]> = [
    ['github', 'github'],
    ['stripe', 'stripe'],
    ['slack', 'slack'],
    ['shopify', 'shopify'],
    ['twilio', 'twilio'],
    ['standard-webhooks', 'standard-webhooks'],
    ['aws-sigv4', 'aws-sigv4'],
    ['square', 'square'],
    ['zoom', 'zoom'],
    ['twitch', 'twitch'],
    ['mailgun', 'mailgun'],
    ['pagerduty', 'pagerduty'],
    ['adyen', 'adyen'],
    ['plain', 'plain'],
  ];
  for (const [signedWith, expected] of table) {
    it(`given a request signed as ${signedWith}, should recognise ${expected}`, () => {
      const secret = SECRETS[signedWith] ?? SECRET;
      const signed = createScheme(signedWith, OVERRIDES[signedWith]).sign(request(signedWith), {
        secret,
        timestamp: 1_760_000_000,
      });
      assert.equal(detectScheme(signed)?.scheme.id, expected);
      assert.equal(detectScheme(signed, secret)?.confirmed, true);
    });
  }

  it('given X-Hub-Signature sha1 with the secret, should confirm a scheme that verifies it', () => {
    const signed = createScheme('intercom').sign(request('intercom'), { secret: SECRET });
    const detection = detectScheme(signed, SECRET);
    assert.equal(detection?.confirmed, true);
    assert.deepEqual(detection?.candidates, ['github-sha1', 'intercom']);
  });
});

describe('schemes: template files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sigprobe-template-'));
  const errors: Array<[string, string, RegExp]> = [
    [
      'bad digest',
      'signatureHeader: X\ndigest: md5\nencoding: hex\nparts: [body]\n',
      /bad-digest\.yaml: digest: must be one of sha1, sha256, sha512/,
    ],
    [
      'unknown field',
      '{"signatureHeader":"X","digest":"sha256","encoding":"hex","parts":["body"],"algo":1}',
      /unknown-field\.yaml: \(top level\): unknown field "algo"/,
    ],
    [
      'bad part',
      'signatureHeader: X\ndigest: sha256\nencoding: hex\nparts: [body, cookie]\n',
      /bad-part\.yaml: parts\.1: must be body, timestamp/,
    ],
    [
      'timestamp without header',
      'signatureHeader: X\ndigest: sha256\nencoding: hex\nparts: [timestamp, body]\n',
      /parts: "timestamp" is signed but timestampHeader is not set/,
    ],
    [
      'missing field',
      'digest: sha256\nencoding: hex\nparts: [body]\n',
      /missing-field\.yaml: \(top level\): must have required property 'signatureHeader'/,
    ],
    ['broken yaml', 'parts: [body\n', /broken-yaml\.yaml: line \d+: not valid JSON or YAML/],
  ];
  for (const [name, text, message] of errors) {
    it(`given a template with a ${name}, should throw an InputError naming the field`, () => {
      const path = join(dir, `${name.replace(/ /g, '-')}.yaml`);
      writeFileSync(path, text);
      assert.throws(
        () => loadTemplate(path),
        (error: unknown) => error instanceof InputError && message.test(error.message),
      );
    });
  }

  it('given a valid template, should sign the described parts in order with the separator', () => {
    const signed = createScheme('template', { template: TEMPLATE }).sign(request('template'), {
      secret: SECRET,
      timestamp: 42,
    });
    const expected = createHmac('sha512', SECRET)
      .update(`POST\n/in/bound\n42\n${request('template').body.toString()}`)
      .digest('base64');
    assert.equal(getHeader(signed.headers, 'X-Acme-Sig'), `v2=${expected}`);
  });
});
