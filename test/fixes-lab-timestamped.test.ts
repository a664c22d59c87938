import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { request } from 'undici';
import { ALL_CHECKS } from '../src/checks/index.js';
import { runCli } from './support/cli.js';
import { loadExpectations } from './support/expectations.js';
import { TIMESTAMPED_RECEIVERS, TIMESTAMPED_SCHEME_FILE } from './support/fix-receivers.js';
import type { TimestampedReceiver } from './support/fix-receivers.js';
import { LAB_SECRET, ROOT } from './support/lab.js';
import type { LabTarget } from './support/lab.js';
import { startProcessTarget } from './support/process-target.js';

// 32 random bytes in hex, as `openssl rand -hex 32` gives: the receivers refuse less.
const SECRET = randomBytes(32).toString('hex');
const ENV = { WEBHOOK_SECRET: SECRET };
/** The receivers' MAX_FAILURES: failed verifications one client may make per minute. */
const MAX_FAILURES = 100;
const PATH = '/order-events';
const BODY = '{"id":"evt_1","type":"order.paid"}';

interface Delivery {
  method?: string;
  /** Path and query as sent. */
  target?: string;
  body?: string;
  timestamp?: number;
}

/**
 * The scheme written again here, independently of sigprobe's template code: the
 * fields joined by "\n" (or by nothing, for the separator test), HMAC-SHA256, hex.
 */
function signedString(delivery: Delivery, separator = '\n'): string {
  const { method = 'POST', target = `${PATH}?topic=orders`, body = BODY } = delivery;
  const [path, query = ''] = target.split(/\?(.*)/s);
  const timestamp = delivery.timestamp ?? Math.floor(Date.now() / 1000);
  return [timestamp, method, path, query, body].join(separator);
}

function signatureFor(delivery: Delivery, separator = '\n'): Record<string, string> {
  const timestamp = delivery.timestamp ?? Math.floor(Date.now() / 1000);
  const digest = createHmac('sha256', SECRET)
    .update(signedString({ ...delivery, timestamp }, separator))
    .digest('hex');
  return { 'x-signature': `v1=${digest}`, 'x-signature-timestamp': String(timestamp) };
}

/** Sends a delivery with the given signature headers (signed for it, or for another). */
async function deliver(origin: string, delivery: Delivery, headers: Record<string, string>) {
  const { method = 'POST', target = `${PATH}?topic=orders`, body = BODY } = delivery;
  const response = await request(`${origin}${target}`, {
    method,
    body,
    headers: { 'content-type': 'application/json', ...headers },
  });
  const text = await response.body.text();
  return { status: response.statusCode, headers: response.headers, text };
}

async function withReceiver<T>(
  receiver: TimestampedReceiver,
  use: (origin: string) => Promise<T>,
): Promise<T> {
  const target = await startProcessTarget(receiver.command(), [receiver.file], ENV);
  try {
    return await use(target.origin);
  } finally {
    await target.stop();
  }
}

/** Runs a receiver that should refuse to start; resolves with its exit and output. */
function runToExit(receiver: TimestampedReceiver, secret: string) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>(
    (resolve, reject) => {
      const child = spawn(receiver.command(), [receiver.file], {
        cwd: ROOT,
        env: { ...process.env, WEBHOOK_SECRET: secret },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`${receiver.file} started with a weak secret: ${stdout}`));
      }, 20_000);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
    },
  );
}

interface ScanJson {
  findings: Array<{ id: string; severity: string }>;
  checks: Array<{ checkId: string; status: string }>;
  notes: string[];
}

async function scan(args: string[]): Promise<ScanJson> {
  const run = await runCli(
    [
      'scan',
      ...args,
      '--scheme',
      'template',
      '--scheme-file',
      TIMESTAMPED_SCHEME_FILE,
      '--format',
      'json',
      '--fail-on',
      'low',
    ],
    { env: ENV },
  );
  assert.equal(run.code, 0, `${args.join(' ')}: ${run.stdout.slice(0, 2000)} ${run.stderr}`);
  assert.ok(!(run.stdout + run.stderr).includes(SECRET), 'the secret never appears');
  return JSON.parse(run.stdout) as ScanJson;
}

function ran(result: ScanJson, ids: string[]): void {
  for (const id of ids) {
    const statuses = result.checks.filter((c) => c.checkId === id).map((c) => c.status);
    assert.ok(statuses.length > 0 && statuses.every((s) => s === 'ran'), `${id}: ${statuses}`);
  }
}

/** No probe went unjudged because the receiver's throttle answered 429. */
function neverThrottled(result: ScanJson): void {
  assert.deepEqual(
    result.notes.filter((note) => note.includes('answered 429')),
    [],
  );
}

// Each framework's receiver for the timestamped scheme holds the fixes for
// bound-timestamps, sign-every-part, separate-signed-fields, strong-secret,
// throttle-failed-verification and define-security-schemes. Each behaviour is shown
// directly, then sigprobe must find nothing (above info) in it, fresh receiver per scan
// so one scan's failed signatures never throttle the next.
describe(
  'timestamped fix receivers (lab/fixes/*_timestamped_receiver.*)',
  { concurrency: 2 },
  () => {
    for (const receiver of TIMESTAMPED_RECEIVERS) {
      const name = receiver.framework;
      describe(name, () => {
        // One receiver for the direct requests (they fail far fewer times than the
        // throttle allows, and each signs its own body); the throttle and scans get fresh ones.
        let shared: LabTarget | undefined;
        before(async () => {
          shared = await startProcessTarget(receiver.command(), [receiver.file], ENV);
        });
        after(async () => {
          await shared?.stop();
        });
        const origin = () => shared!.origin;

        it(`given the ${name} receiver, should accept a fresh signed delivery once, and only within the timestamp window`, async () => {
          const signed = signatureFor({});
          const first = await deliver(origin(), {}, signed);
          assert.equal(first.status, 200, first.text);
          assert.equal((JSON.parse(first.text) as { topic: string }).topic, 'orders');
          const replay = await deliver(origin(), {}, signed);
          assert.equal(replay.status, 409, 'the same signed delivery twice');

          const now = Math.floor(Date.now() / 1000);
          const window: Array<[string, number, number]> = [
            ['signed 10 minutes ago', now - 600, 401],
            ['signed 10 minutes ahead', now + 600, 401],
            ['signed 4 minutes ago', now - 240, 200],
            ['signed 4 minutes ahead', now + 240, 200],
          ];
          for (const [label, timestamp, expected] of window) {
            const body = `{"id":"evt_${timestamp}","type":"order.paid"}`;
            const sent = await deliver(origin(), { body }, signatureFor({ body, timestamp }));
            assert.equal(sent.status, expected, `${name}: ${label}`);
          }
          // The timestamp is signed: re-dating a valid request breaks it.
          const body = '{"id":"evt_redated","type":"order.paid"}';
          const headers = signatureFor({ body, timestamp: now - 1 });
          headers['x-signature-timestamp'] = String(now);
          const redated = await deliver(origin(), { body }, headers);
          assert.equal(redated.status, 401, 're-dated, signature kept');
        });

        it(`given the ${name} receiver, should refuse any signed part changed: method, path, query, body`, async () => {
          const body = '{"id":"evt_parts","type":"order.paid"}';
          const signed = signatureFor({ body });
          const changes: Array<[string, Delivery, number[]]> = [
            ['query parameter changed', { body, target: `${PATH}?topic=refunds` }, [401]],
            ['query parameter added', { body, target: `${PATH}?topic=orders&dry=1` }, [401]],
            ['body changed', { body: body.replace('paid', 'refunded') }, [401]],
            ['method changed', { body, method: 'PUT' }, [405]],
            // Express routes on the raw path (404); the others route on the decoded one.
            [
              'path spelt with %73',
              { body, target: '/order-event%73?topic=orders' },
              [401, 404],
            ],
          ];
          for (const [label, delivery, expected] of changes) {
            const sent = await deliver(origin(), delivery, signed);
            assert.ok(expected.includes(sent.status), `${name}: ${label}: ${sent.status}`);
          }
          const untouched = await deliver(origin(), { body }, signed);
          assert.equal(untouched.status, 200, 'the untouched request');
        });

        it(`given the ${name} receiver, should refuse bytes moved across a field boundary`, async () => {
          const timestamp = Math.floor(Date.now() / 1000);
          const body = '{"id":"evt_shift","type":"order.paid"}';
          const original: Delivery = { target: `${PATH}?topic=orders`, body, timestamp };
          // The last byte of the query moved to the front of the body: without separators
          // both requests sign the same bytes, so one signature would stand for both.
          const moved: Delivery = {
            target: `${PATH}?topic=order`,
            body: `s${body}`,
            timestamp,
          };
          assert.equal(signedString(moved, ''), signedString(original, ''));

          const shifted = await deliver(origin(), moved, signatureFor(original));
          assert.equal(shifted.status, 401, 'moved byte, signature kept');
          const unseparated = await deliver(origin(), original, signatureFor(original, ''));
          assert.equal(unseparated.status, 401, 'fields signed without separators');
          const separated = await deliver(origin(), original, signatureFor(original));
          assert.equal(separated.status, 200, 'fields signed with separators');
        });

        it(`given the ${name} receiver and a short, placeholder or repetitive secret, should refuse to start`, async () => {
          const weak = [LAB_SECRET, 'change-me-change-me-change-me-change-me', 'a'.repeat(64)];
          for (const secret of weak) {
            const run = await runToExit(receiver, secret);
            assert.notEqual(run.code, 0, `${name} started with "${secret}"`);
            assert.doesNotMatch(run.stdout, /LISTENING/);
            assert.match(run.stderr, /WEBHOOK_SECRET must be 32 or more random bytes/);
            assert.ok(!run.stderr.includes(secret), 'the secret is not printed');
          }
        });

        it(`given the ${name} receiver, should answer 429 with Retry-After after ${MAX_FAILURES} failed signatures`, async () => {
          await withReceiver(receiver, async (fresh) => {
            const wrong = { ...signatureFor({}), 'x-signature': `v1=${'0'.repeat(64)}` };
            for (let failure = 1; failure <= MAX_FAILURES; failure += 1) {
              const sent = await deliver(fresh, {}, wrong);
              assert.equal(sent.status, 401, `failure ${failure}`);
            }
            const limited = await deliver(fresh, {}, wrong);
            assert.equal(limited.status, 429);
            assert.equal(limited.headers['retry-after'], '60');
            // Locked out: even a valid signature waits, so guessing cannot go on.
            assert.equal((await deliver(fresh, {}, signatureFor({}))).status, 429);
          });
          // sigprobe's own burst, made longer than the limit, sees the throttle.
          const result = await withReceiver(receiver, (fresh) =>
            scan([
              `${fresh}${PATH}?topic=orders`,
              '--checks',
              'no-brute-force-throttling',
              '--burst',
              String(MAX_FAILURES + 20),
            ]),
          );
          ran(result, ['no-brute-force-throttling']);
          assert.deepEqual(result.findings, []);
        });

        it(`given the ${name} receiver, should scan clean at L0, at L2 and from its OpenAPI document`, async () => {
          const url = (fresh: string) => `${fresh}${PATH}?topic=orders`;
          const l0 = await withReceiver(receiver, (fresh) => scan([url(fresh)]));
          const l2 = await withReceiver(receiver, (fresh) =>
            scan([url(fresh), '--secret-env', 'WEBHOOK_SECRET']),
          );
          const spec = await withReceiver(receiver, (fresh) =>
            scan([fresh, '--spec', `${fresh}/openapi.json`, '--secret-env', 'WEBHOOK_SECRET']),
          );
          for (const [level, result] of [
            ['L0', l0],
            ['L2', l2],
            ['spec', spec],
          ] as const) {
            // Only the loopback transport note: at L2 every part tampered with was refused
            // (no coverage map), and the throttle never answered a probe.
            assert.deepEqual(
              result.findings.map((f) => `${f.id}/${f.severity}`),
              ['plaintext-transport/info'],
              level,
            );
            neverThrottled(result);
          }
          ran(l0, ['unsigned-request-accepted', 'invalid-signature-accepted']);
          const signedChecks = [
            'stale-timestamp-accepted',
            'unsigned-component-tamperable',
            'replay-accepted',
            'default-secret-accepted',
          ];
          ran(l2, signedChecks);
          ran(spec, [
            ...signedChecks,
            'undefined-security-scheme',
            'spec-security-not-enforced',
          ]);
        });
      });
    }
  },
);

// The negative controls: for each key these receivers fix, a lab target with the fault
// (run by its own lab test) declares the finding the fix removes, above info. Were the
// fix's code absent, the same check would fire.
describe('timestamped fix receivers: the faults they remove are found in the lab', () => {
  const controls: Array<[key: string, folder: string, target: string, check: string]> = [
    // Slack-style receiver that never compares the signed timestamp with the clock.
    ['bound-timestamps', 'lab/flask-schemes', 'no_tolerance', 'stale-timestamp-accepted'],
    // Body-only signature while ?action= chooses what the handler does.
    ['sign-every-part', 'lab/flask-schemes', 'action_param', 'unsigned-component-tamperable'],
    // id + timestamp + body joined with no separator.
    [
      'separate-signed-fields',
      'lab/flask-schemes',
      'no_separator',
      'canonicalisation-ambiguity',
    ],
    // Runs with the secret "development", found online in the bundled list.
    ['strong-secret', 'lab/flask-secrets', 'development_secret', 'default-secret-accepted'],
    // Secure, but a 30-request burst of wrong signatures is answered in full.
    [
      'throttle-failed-verification',
      'lab/flask-timing',
      'unthrottled',
      'no-brute-force-throttling',
    ],
    // Its spec requires a scheme it never defines.
    ['define-security-schemes', 'lab/flask-api', 'shop_api', 'undefined-security-scheme'],
  ];
  for (const [key, folder, target, check] of controls) {
    it(`given ${key}, should have ${folder}/${target} declare ${check} above info`, () => {
      const meta = ALL_CHECKS.find((c) => c.meta.id === check)?.meta;
      assert.equal(meta?.remediation, key, `${check} is fixed by ${key}`);
      const expectation = loadExpectations(folder).find(
        (e) => e.file === `${target}.expect.json`,
      );
      const found = expectation?.expected.filter((f) => f.id === check) ?? [];
      assert.ok(
        found.some((f) => f.severity !== 'info'),
        `${target}: ${JSON.stringify(found)}`,
      );
    });
  }
});
