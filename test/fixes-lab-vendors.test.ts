import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { describe, it } from 'node:test';
import Stripe from 'stripe';
import { Webhook } from 'standardwebhooks';
import twilio from 'twilio';
import { request } from 'undici';
import { REMEDIATIONS } from '../src/remediation/index.js';
import { FRAMEWORKS, fixesFor, parseRegions } from '../src/remediation/fixes.js';
import { runCli } from './support/cli.js';
import { startProcessTarget } from './support/process-target.js';

// Fresh secrets per run, in each provider's own form.
const STRIPE_SECRET = `whsec_${randomBytes(24).toString('hex')}`;
const SLACK_SECRET = randomBytes(16).toString('hex');
const STANDARD_SECRET = `whsec_${randomBytes(24).toString('base64')}`;
const TWILIO_TOKEN = randomBytes(16).toString('hex');

const MINUTE = 60;
const now = () => Math.floor(Date.now() / 1000);
const newId = (prefix: string) => `${prefix}${randomBytes(8).toString('hex')}`;

interface Delivery {
  path: string;
  body: string;
  headers: Record<string, string>;
}

interface SignOptions {
  /** Sign with another secret, as a forger would. */
  wrongSecret?: boolean;
  /** Unix seconds to sign (timestamped schemes); now when left out. */
  timestamp?: number;
}

interface VendorReceiver {
  framework: string;
  file: string;
  path: string;
  scheme: string;
  /** The receiver's environment; the scan reads the secret from SCAN_SECRET. */
  env: Record<string, string>;
  secret: string;
  timestamped: boolean;
  /** A new event body, signed as the provider's library (or its docs) signs it. */
  deliver(origin: string, options?: SignOptions): Delivery;
  /** The same delivery with one signed value changed, signature kept. */
  changeBody(delivery: Delivery): Delivery;
  /** Lets the receiver's configured public URL name its port (Twilio). */
  fixedPort?: boolean;
  /** Receiver-specific deliveries to refuse, beyond the common ones. */
  moreRefusals?(origin: string): Array<[string, Delivery]>;
}

function jsonEvent(idField: string, prefix: string): string {
  return JSON.stringify({ [idField]: newId(prefix), type: 'lab.event', amount: 4200 });
}

function changeJson(delivery: Delivery): Delivery {
  return { ...delivery, body: delivery.body.replace('4200', '4201') };
}

const RECEIVERS: VendorReceiver[] = [
  {
    framework: 'stripe-node',
    file: 'lab/fixes/express_stripe_library.mjs',
    path: '/stripe/webhook',
    scheme: 'stripe',
    env: { STRIPE_WEBHOOK_SECRET: STRIPE_SECRET },
    secret: STRIPE_SECRET,
    timestamped: true,
    deliver(_origin, options = {}) {
      const body = jsonEvent('id', 'evt_');
      const header = Stripe.webhooks.generateTestHeaderString({
        payload: body,
        secret: options.wrongSecret
          ? `whsec_${randomBytes(24).toString('hex')}`
          : STRIPE_SECRET,
        timestamp: options.timestamp ?? now(),
      });
      return {
        path: this.path,
        body,
        headers: { 'content-type': 'application/json', 'stripe-signature': header },
      };
    },
    changeBody: changeJson,
  },
  {
    framework: 'slack-bolt',
    file: 'lab/fixes/express_slack_library.mjs',
    path: '/slack/events',
    scheme: 'slack',
    env: { SLACK_SIGNING_SECRET: SLACK_SECRET },
    secret: SLACK_SECRET,
    timestamped: true,
    deliver(_origin, options = {}) {
      const body = jsonEvent('event_id', 'Ev');
      const timestamp = String(options.timestamp ?? now());
      // Bolt verifies but does not sign: this is Slack's documented v0 construction.
      const key = options.wrongSecret ? randomBytes(16).toString('hex') : SLACK_SECRET;
      const digest = createHmac('sha256', key).update(`v0:${timestamp}:${body}`).digest('hex');
      return {
        path: this.path,
        body,
        headers: {
          'content-type': 'application/json',
          'x-slack-request-timestamp': timestamp,
          'x-slack-signature': `v0=${digest}`,
        },
      };
    },
    changeBody: changeJson,
  },
  {
    framework: 'standardwebhooks',
    file: 'lab/fixes/express_standard_webhooks_library.mjs',
    path: '/webhooks',
    scheme: 'standard-webhooks',
    env: { WEBHOOK_SECRET: STANDARD_SECRET },
    secret: STANDARD_SECRET,
    timestamped: true,
    deliver(_origin, options = {}) {
      const body = jsonEvent('id', 'evt_');
      const id = newId('msg_');
      const timestamp = options.timestamp ?? now();
      const secret = options.wrongSecret
        ? `whsec_${randomBytes(24).toString('base64')}`
        : STANDARD_SECRET;
      const signature = new Webhook(secret).sign(id, new Date(timestamp * 1000), body);
      return {
        path: this.path,
        body,
        headers: {
          'content-type': 'application/json',
          'webhook-id': id,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signature,
        },
      };
    },
    changeBody: changeJson,
  },
  {
    framework: 'twilio-node',
    file: 'lab/fixes/express_twilio_library.mjs',
    path: '/twilio/messages',
    scheme: 'twilio',
    env: { TWILIO_AUTH_TOKEN: TWILIO_TOKEN },
    secret: TWILIO_TOKEN,
    timestamped: false,
    fixedPort: true,
    deliver(origin, options = {}) {
      const params = { MessageSid: newId('SM'), From: '+15550001111', Body: 'amount 4200' };
      const body = new URLSearchParams(params).toString();
      const token = options.wrongSecret ? randomBytes(16).toString('hex') : TWILIO_TOKEN;
      const signature = twilio.getExpectedTwilioSignature(
        token,
        `${origin}${this.path}`,
        params,
      );
      return {
        path: this.path,
        body,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': signature,
        },
      };
    },
    changeBody: changeJson,
    // The signed URL comes from the configured public URL, not from headers the client
    // sets: a signature made for another host's URL is refused however it is dressed.
    moreRefusals(origin) {
      const params = { MessageSid: newId('SM'), Body: 'hello' };
      const elsewhere = 'other-host.invalid';
      const port = new URL(origin).port;
      const signed = (host: string) =>
        twilio.getExpectedTwilioSignature(TWILIO_TOKEN, `http://${host}${this.path}`, params);
      const form = (signature: string, extra: Record<string, string>): Delivery => ({
        path: this.path,
        body: new URLSearchParams(params).toString(),
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': signature,
          ...extra,
        },
      });
      return [
        [
          'signed for another host, X-Forwarded-Host',
          form(signed(elsewhere), { 'x-forwarded-host': elsewhere }),
        ],
        [
          'signed for another host:port, X-Forwarded-Host',
          form(signed(`${elsewhere}:${port}`), { 'x-forwarded-host': `${elsewhere}:${port}` }),
        ],
        [
          'signed for another host, Host',
          form(signed(`${elsewhere}:${port}`), { host: `${elsewhere}:${port}` }),
        ],
      ];
    },
  },
];

async function send(origin: string, delivery: Delivery): Promise<number> {
  const response = await request(`${origin}${delivery.path}`, {
    method: 'POST',
    body: delivery.body,
    headers: delivery.headers,
  });
  await response.body.dump();
  return response.statusCode;
}

function withoutSignature(receiver: VendorReceiver, delivery: Delivery): Delivery {
  const signatureHeader: Record<string, string> = {
    stripe: 'stripe-signature',
    slack: 'x-slack-signature',
    'standard-webhooks': 'webhook-signature',
    twilio: 'x-twilio-signature',
  };
  const headers = { ...delivery.headers };
  delete headers[signatureHeader[receiver.scheme]!];
  return { ...delivery, headers };
}

/** A loopback port free right now, for a receiver whose public URL must name it. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

async function withReceiver(
  receiver: VendorReceiver,
  use: (origin: string) => Promise<void>,
): Promise<void> {
  const env = { ...receiver.env };
  if (receiver.fixedPort) {
    const port = await freePort();
    Object.assign(env, { PORT: String(port), PUBLIC_BASE_URL: `http://127.0.0.1:${port}` });
  }
  const target = await startProcessTarget(process.execPath, [receiver.file], env);
  try {
    await use(target.origin);
  } finally {
    await target.stop();
  }
}

interface ScanJson {
  findings: Array<{ id: string; severity: string }>;
  checks: Array<{ checkId: string; status: string }>;
}

async function scan(receiver: VendorReceiver, origin: string, level: 'L0' | 'L2') {
  const secret = level === 'L2' ? ['--secret-env', 'SCAN_SECRET'] : [];
  const run = await runCli(
    [
      'scan',
      `${origin}${receiver.path}`,
      '--scheme',
      receiver.scheme,
      ...secret,
      '--format',
      'json',
      '--fail-on',
      'low',
    ],
    { env: { SCAN_SECRET: receiver.secret } },
  );
  assert.equal(run.code, 0, `${level}: ${run.stdout.slice(0, 2000)} ${run.stderr}`);
  assert.ok(!(run.stdout + run.stderr).includes(receiver.secret), 'the secret never appears');
  return JSON.parse(run.stdout) as ScanJson;
}

// The vendor snippets (sigprobe explain, reports for that scheme) are regions of these
// receivers: each must accept the provider's own signature once, refuse everything
// else with 401, and scan clean at L0 and at L2.
describe('vendor fix receivers (lab/fixes/express_*_library.mjs)', { concurrency: 2 }, () => {
  for (const receiver of RECEIVERS) {
    it(`given the ${receiver.framework} receiver, should accept only the provider's valid signatures once`, async () => {
      await withReceiver(receiver, async (origin) => {
        const valid = receiver.deliver(origin);
        const cases: Array<[string, Delivery, number]> = [
          ['valid signature', valid, 200],
          ['the same delivery again', valid, 409],
          ['wrong secret', receiver.deliver(origin, { wrongSecret: true }), 401],
          ['no signature', withoutSignature(receiver, receiver.deliver(origin)), 401],
          ['changed body', receiver.changeBody(receiver.deliver(origin)), 401],
        ];
        if (receiver.timestamped) {
          cases.push(
            [
              '10 minutes old',
              receiver.deliver(origin, { timestamp: now() - 10 * MINUTE }),
              401,
            ],
            [
              '10 minutes ahead',
              receiver.deliver(origin, { timestamp: now() + 10 * MINUTE }),
              401,
            ],
          );
        }
        for (const [label, delivery] of receiver.moreRefusals?.(origin) ?? []) {
          cases.push([label, delivery, 401]);
        }
        for (const [label, delivery, status] of cases) {
          const got = await send(origin, delivery);
          // Standard Webhooks answers a success with 204, the rest with 200.
          const expected =
            status === 200 && receiver.scheme === 'standard-webhooks' ? 204 : status;
          assert.equal(got, expected, `${receiver.framework}: ${label}`);
        }
        // Refused deliveries were not recorded: a valid one is still new after them.
        const fresh = await send(origin, receiver.deliver(origin));
        assert.ok([200, 204].includes(fresh), `a new valid delivery: ${fresh}`);
      });
    });

    it(`given the ${receiver.framework} receiver, should scan clean at L0 and L2`, async () => {
      for (const level of ['L0', 'L2'] as const) {
        await withReceiver(receiver, async (origin) => {
          const result = await scan(receiver, origin, level);
          const found = result.findings.map((finding) => `${finding.id}/${finding.severity}`);
          assert.deepEqual(
            found.filter((key) => !key.endsWith('/info')),
            [],
            `${level}: nothing above info`,
          );
          // Not even as info: a replay inside the window or a future timestamp would
          // show here (replay-accepted is info when timestamps are bounded).
          assert.deepEqual(found, ['plaintext-transport/info'], level);
          if (level === 'L2') {
            // The signed checks really ran against it, not skipped for want of a reference.
            const ran = (id: string) =>
              result.checks
                .filter((check) => check.checkId === id)
                .map((check) => check.status);
            assert.deepEqual(ran('replay-accepted'), ['ran'], 'replay-accepted');
            assert.deepEqual(ran('unsigned-component-tamperable'), ['ran']);
            if (receiver.timestamped)
              assert.deepEqual(ran('stale-timestamp-accepted'), ['ran']);
          }
        });
      }
    });
  }
});

// What each vendor receiver claims to fix: the keys its regions mark. Every key must be
// a real remediation (a typo would silently show nothing), and the snippets must show
// for that scheme only.
const MARKED_KEYS: Record<string, string[]> = {
  'stripe-node': ['bound-timestamps', 'generic-rejection', 'reject-replays'],
  'slack-bolt': ['bound-timestamps', 'generic-rejection', 'reject-replays'],
  standardwebhooks: ['bound-timestamps', 'generic-rejection', 'reject-replays'],
  'twilio-node': ['generic-rejection', 'reject-replays', 'sign-every-part'],
};
const COMMON_KEYS = [
  'reject-wrong-signature',
  'remove-bypass-switches',
  'verify-before-processing',
  'verify-every-request',
];

describe('vendor fix snippets: registration', () => {
  for (const receiver of RECEIVERS) {
    it(`given the ${receiver.framework} receiver, should mark known keys and show only for ${receiver.scheme}`, () => {
      const framework = FRAMEWORKS.find((f) => f.id === receiver.framework);
      assert.equal(framework?.vendorScheme, receiver.scheme);
      const file = receiver.file.replace('lab/fixes/', '');
      assert.deepEqual(framework?.files, [file]);
      const regions = parseRegions(readFileSync(receiver.file, 'utf8'), file);
      const keys = [...regions.keys()].sort();
      assert.deepEqual(keys, [...COMMON_KEYS, ...MARKED_KEYS[receiver.framework]!].sort());
      for (const key of keys) {
        assert.ok(REMEDIATIONS[key], `${key} is a remediation key`);
        const own = fixesFor(key, receiver.scheme).filter(
          (f) => f.framework === receiver.framework,
        );
        assert.equal(own.length, 1, `${key} for ${receiver.scheme}`);
        assert.equal(own[0]!.source, receiver.file);
        // Another vendor's scheme (none of these is github).
        const other = 'github';
        const elsewhere = fixesFor(key, other).filter(
          (f) => f.framework === receiver.framework,
        );
        assert.deepEqual(elsewhere, [], `${key} for ${other}`);
      }
    });
  }
});
