import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { Sha256 } from '@aws-crypto/sha256-js';
import adyenLib from '@adyen/api-library';
import { sign as githubSign, verify as githubVerify } from '@octokit/webhooks-methods';
import { isValidSlackRequest } from '@slack/bolt';
import { SignatureV4 } from '@smithy/signature-v4';
import { Webhook } from 'standardwebhooks';
import Stripe from 'stripe';
import twilioLib from 'twilio';
import { getHeader } from '../src/model/http.js';
import type { HttpRequest } from '../src/model/http.js';
import { adyenExampleBody } from '../src/schemes/adyen.js';
import { createScheme } from '../src/schemes/registry.js';

// Our signatures must pass each vendor's own verifier, and theirs must pass ours:
// the only proof that a scheme module speaks the vendor's dialect byte for byte.
const BODY = Buffer.from(
  '{"id":"evt_1","type":"test.event","data":{"amount":1200, "note":"café"}}\n',
);
const NOW = Math.floor(Date.now() / 1000);

function post(
  url = 'https://hooks.example.test/receive',
  headers: Array<[string, string]> = [['Content-Type', 'application/json']],
  body: Buffer = BODY,
): HttpRequest {
  return { method: 'POST', url, headers, body };
}
const secretOf = (text: string) => Buffer.from(text, 'utf8');

describe("schemes: round trips with the vendors' own libraries", () => {
  it('given GitHub, should pass @octokit/webhooks-methods both ways and reject a changed body', async () => {
    const secret = 'gh-secret-1';
    const scheme = createScheme('github');
    const signed = scheme.sign(post(), { secret: secretOf(secret) });
    const value = getHeader(signed.headers, 'X-Hub-Signature-256')!;
    assert.equal(await githubVerify(secret, BODY.toString('utf8'), value), true);
    assert.equal(await githubVerify(secret, BODY.toString('utf8') + ' ', value), false);

    const theirs = await githubSign(secret, BODY.toString('utf8'));
    assert.equal(
      scheme.verify(
        { ...post(), headers: [['X-Hub-Signature-256', theirs]] },
        secretOf(secret),
      ),
      true,
    );
    assert.equal(
      scheme.verify(
        { ...post(), headers: [['X-Hub-Signature-256', theirs]] },
        secretOf('other'),
      ),
      false,
    );
  });

  it('given Stripe, should pass stripe.webhooks both ways and reject another secret', () => {
    const secret = 'whsec_stripe_test_123';
    const stripe = new Stripe('sk_test_placeholder');
    const scheme = createScheme('stripe');
    const signed = scheme.sign(post(), { secret: secretOf(secret), timestamp: NOW });
    const header = getHeader(signed.headers, 'Stripe-Signature')!;
    const event = stripe.webhooks.constructEvent(BODY, header, secret) as { id: string };
    assert.equal(event.id, 'evt_1');
    assert.throws(() => stripe.webhooks.constructEvent(BODY, header, 'whsec_other'));

    const theirs = stripe.webhooks.generateTestHeaderString({
      payload: BODY.toString('utf8'),
      secret,
      timestamp: NOW,
    });
    const request = {
      ...post(),
      headers: [['Stripe-Signature', theirs]] as Array<[string, string]>,
    };
    assert.equal(scheme.verify(request, secretOf(secret)), true);
    assert.equal(scheme.timestampOf(request), NOW);
  });

  it('given Standard Webhooks with a whsec_ secret, should pass the standardwebhooks library both ways', () => {
    const secret =
      'whsec_' + Buffer.from('standard-webhooks-key-32-bytes!!').toString('base64');
    const webhook = new Webhook(secret);
    const scheme = createScheme('standard-webhooks');
    const signed = scheme.sign(post(), {
      secret: secretOf(secret),
      timestamp: NOW,
      id: 'msg_abc',
    });
    const headers = Object.fromEntries(signed.headers.map(([k, v]) => [k.toLowerCase(), v]));
    assert.deepEqual(
      webhook.verify(BODY.toString('utf8'), headers),
      JSON.parse(BODY.toString('utf8')),
    );
    assert.throws(() => webhook.verify(BODY.toString('utf8') + ' ', headers));

    const theirs = webhook.sign('msg_xyz', new Date(NOW * 1000), BODY.toString('utf8'));
    const request = {
      ...post(),
      headers: [
        ['webhook-id', 'msg_xyz'],
        ['webhook-timestamp', String(NOW)],
        ['webhook-signature', `v1,bogus ${theirs}`],
      ] as Array<[string, string]>,
    };
    assert.equal(scheme.verify(request, secretOf(secret)), true);
  });

  it('given Standard Webhooks renamed to svix-* headers, should sign what the library verifies', () => {
    const secret = 'whsec_' + Buffer.from('svix-key').toString('base64');
    const scheme = createScheme('standard-webhooks', {
      signatureHeader: 'svix-signature',
      timestampHeader: 'svix-timestamp',
      idHeader: 'svix-id',
    });
    const signed = scheme.sign(post(), {
      secret: secretOf(secret),
      timestamp: NOW,
      id: 'msg_1',
    });
    const headers = Object.fromEntries(
      signed.headers.map(([k, v]) => [k.replace('svix', 'webhook'), v]),
    );
    assert.ok(getHeader(signed.headers, 'svix-signature')?.startsWith('v1,'));
    assert.doesNotThrow(() => new Webhook(secret).verify(BODY.toString('utf8'), headers));
  });

  it('given Slack, should pass @slack/bolt isValidSlackRequest both ways', () => {
    const secret = 'slack-signing-secret';
    const scheme = createScheme('slack');
    const signed = scheme.sign(post(), { secret: secretOf(secret), timestamp: NOW });
    const check = (signature: string, body = BODY.toString('utf8')) =>
      isValidSlackRequest({
        signingSecret: secret,
        body,
        headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': NOW },
      });
    assert.equal(check(getHeader(signed.headers, 'X-Slack-Signature')!), true);
    assert.equal(check(getHeader(signed.headers, 'X-Slack-Signature')!, '{}'), false);

    // Slack's docs construction, computed independently of our module.
    const theirs = 'v0=' + hmacHex(secret, `v0:${NOW}:${BODY.toString('utf8')}`);
    assert.equal(check(theirs), true);
    assert.equal(
      scheme.verify(
        {
          ...post(),
          headers: [
            ['X-Slack-Signature', theirs],
            ['X-Slack-Request-Timestamp', String(NOW)],
          ],
        },
        secretOf(secret),
      ),
      true,
    );
  });

  it('given Twilio with form fields, should pass twilio.validateRequest both ways', () => {
    const token = 'twilio-auth-token';
    const url = 'https://hooks.example.test/sms?x=1';
    const form = 'To=%2B15550001&From=%2B15550002&Body=hi+there&MediaUrl=b&MediaUrl=a';
    const params = {
      To: '+15550001',
      From: '+15550002',
      Body: 'hi there',
      MediaUrl: ['b', 'a'],
    };
    const scheme = createScheme('twilio');
    const request = post(
      url,
      [['Content-Type', 'application/x-www-form-urlencoded']],
      Buffer.from(form),
    );
    const signed = scheme.sign(request, { secret: secretOf(token) });
    const value = getHeader(signed.headers, 'X-Twilio-Signature')!;
    assert.equal(twilioLib.validateRequest(token, value, url, params), true);
    assert.equal(
      twilioLib.validateRequest(token, value, url, { ...params, Body: 'changed' }),
      false,
    );

    const theirs = twilioLib.getExpectedTwilioSignature(token, url, params);
    assert.equal(
      scheme.verify(
        { ...request, headers: [...request.headers, ['X-Twilio-Signature', theirs]] },
        secretOf(token),
      ),
      true,
    );
  });

  it('given Twilio with a JSON body, should bind it through bodySHA256 as validateRequestWithBody expects', () => {
    const token = 'twilio-auth-token';
    const scheme = createScheme('twilio');
    const signed = scheme.sign(post('https://hooks.example.test/json'), {
      secret: secretOf(token),
    });
    assert.match(signed.url, /bodySHA256=[0-9a-f]{64}/);
    const value = getHeader(signed.headers, 'X-Twilio-Signature')!;
    assert.equal(
      twilioLib.validateRequestWithBody(token, value, signed.url, BODY.toString('utf8')),
      true,
    );
    assert.equal(twilioLib.validateRequestWithBody(token, value, signed.url, '{}'), false);
  });

  it('given AWS SigV4, should produce the signature @smithy/signature-v4 produces and verify theirs', async () => {
    const secretAccessKey = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
    const signer = new SignatureV4({
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey },
      region: 'eu-west-1',
      service: 'execute-api',
      sha256: Sha256,
    });
    const when = new Date(NOW * 1000);
    const theirs = await signer.sign(
      {
        method: 'POST',
        protocol: 'https:',
        hostname: 'api.example.test',
        path: '/prod/orders/a%20b', // the wire path: SDK serialisers encode it first
        query: { b: '2', a: ['1', 'x y'] },
        headers: { host: 'api.example.test', 'content-type': 'application/json' },
        body: BODY,
      },
      { signingDate: when },
    );
    const ours = createScheme('aws-sigv4', { credential: 'AKIDEXAMPLE/eu-west-1/execute-api' });
    const request: HttpRequest = {
      method: 'POST',
      url: 'https://api.example.test/prod/orders/a%20b?b=2&a=1&a=x%20y',
      headers: Object.entries(theirs.headers)
        .filter(([k]) => k !== 'host')
        .map(([k, v]) => [k, String(v)]),
      body: BODY,
    };
    assert.equal(ours.verify(request, secretOf(secretAccessKey)), true);
    assert.equal(ours.verify({ ...request, method: 'PUT' }, secretOf(secretAccessKey)), false);

    const payloadHash = String(theirs.headers['x-amz-content-sha256']);
    const unsigned: HttpRequest = {
      ...request,
      headers: [
        ['content-type', 'application/json'],
        ['x-amz-content-sha256', payloadHash],
      ],
    };
    const mine = ours.sign(unsigned, { secret: secretOf(secretAccessKey), timestamp: NOW });
    assert.equal(
      getHeader(mine.headers, 'Authorization'),
      String(theirs.headers.authorization),
    );
  });
});

describe("schemes: Adyen batches and the vendor's HmacValidator", () => {
  const key = '44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056';
  type AdyenItem = Parameters<adyenLib.hmacValidator['validateHMAC']>[0];
  const items = (request: HttpRequest) =>
    (
      JSON.parse(request.body.toString('utf8')) as {
        notificationItems: Array<{ NotificationRequestItem: AdyenItem }>;
      }
    ).notificationItems.map((entry) => entry.NotificationRequestItem);

  it('given a two-item batch, should sign every item as HmacValidator verifies and verify its signatures', () => {
    const validator = new adyenLib.hmacValidator();
    const scheme = createScheme('adyen');
    const signed = scheme.sign(post(undefined, undefined, adyenExampleBody()), {
      secret: secretOf(key),
    });
    const ours = items(signed);
    assert.equal(ours.length, 2);
    for (const item of ours) assert.equal(validator.validateHMAC(item, key), true);

    // Theirs: the library signs each item; our verify must accept the batch, and refuse
    // it once one item's signed field changes.
    const theirs = items(signed).map((item) => {
      const copy = { ...item, additionalData: { ...item.additionalData } };
      copy.additionalData.hmacSignature = validator.calculateHmac(copy, key);
      return copy;
    });
    const batch = (list: AdyenItem[]) =>
      post(
        undefined,
        undefined,
        Buffer.from(
          JSON.stringify({
            live: 'false',
            notificationItems: list.map((item) => ({ NotificationRequestItem: item })),
          }),
        ),
      );
    assert.equal(scheme.verify(batch(theirs), secretOf(key)), true);
    const changed = [theirs[0]!, { ...theirs[1]!, merchantReference: 'other-order' }];
    assert.equal(scheme.verify(batch(changed), secretOf(key)), false);
    assert.equal(scheme.verify(batch(theirs), secretOf(key.replace('4', '5'))), false);
  });

  it("given the notification vector of Adyen's own library tests, should produce its signature", () => {
    // Item, key and signature from the HMAC test of Adyen's PHP API library.
    const vectorKey = 'DFB1EB5485895CFA84146406857104ABB4CBCABDC8AAF103A624C8F6A3EAAB00';
    const item = {
      pspReference: '7914073381342284',
      merchantAccountCode: 'TestMerchant',
      merchantReference: 'TestPayment-1407325143704',
      amount: { value: 1130, currency: 'EUR' },
      eventCode: 'AUTHORISATION',
      success: 'true',
    };
    const body = Buffer.from(
      JSON.stringify({ live: 'false', notificationItems: [{ NotificationRequestItem: item }] }),
    );
    const signed = createScheme('adyen').sign(post(undefined, undefined, body), {
      secret: secretOf(vectorKey),
    });
    assert.deepEqual(createScheme('adyen').signaturesOf(signed), [
      'Ny9gS2veKo5E4w8/OL6xz1/wvT/hYkAXy1xNc/QvO4I=',
    ]);
  });
});

describe('schemes: published test vectors', () => {
  it("given GitHub's documented example, should produce its signature", () => {
    const signed = createScheme('github').sign(
      post('https://x.test/', [], Buffer.from('Hello, World!')),
      { secret: secretOf("It's a Secret to Everybody") },
    );
    assert.equal(
      getHeader(signed.headers, 'X-Hub-Signature-256'),
      'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17',
    );
  });

  it("given the AWS SigV4 test suite's get-vanilla case, should produce its signature", () => {
    const scheme = createScheme('aws-sigv4', { credential: 'AKIDEXAMPLE/us-east-1/service' });
    const timestamp = Date.UTC(2015, 7, 30, 12, 36, 0) / 1000;
    const signed = scheme.sign(
      {
        method: 'GET',
        url: 'https://example.amazonaws.com/',
        headers: [],
        body: Buffer.alloc(0),
      },
      { secret: secretOf('wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY'), timestamp },
    );
    assert.equal(
      getHeader(signed.headers, 'Authorization'),
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
    );
  });

  it('given the Standard Webhooks reference example, should produce its signature', () => {
    const signed = createScheme('standard-webhooks').sign(
      post('https://x.test/', [], Buffer.from('{"test": 2432232314}')),
      {
        secret: secretOf('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'),
        timestamp: 1614265330,
        id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
      },
    );
    assert.equal(
      getHeader(signed.headers, 'webhook-signature'),
      'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    );
  });
});

function hmacHex(secret: string, text: string): string {
  return createHmac('sha256', secret).update(text).digest('hex');
}
