import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import adyen from '@adyen/api-library';
import { request } from 'undici';
import { runCli } from './support/cli.js';
import { BATCH_RECEIVERS } from './support/fix-receivers.js';
import type { BatchReceiver } from './support/fix-receivers.js';
import { startProcessTarget } from './support/process-target.js';

// A fresh hex key per run, as Adyen's Customer Area generates one.
const KEY = randomBytes(32).toString('hex');
const PATH = '/adyen/notifications';
type Item = Parameters<adyen.hmacValidator['calculateHmac']>[0] & {
  additionalData: Record<string, string>;
};

interface ScanJson {
  findings: Array<{ id: string; severity: string }>;
  checks: Array<{ checkId: string; status: string }>;
}

/** An item signed by Adyen's own library, or with a random key when `forged`. */
function item(reference: string, forged = false): Item {
  const unsigned = {
    pspReference: reference,
    merchantAccountCode: 'FixTestAccount',
    merchantReference: `order-${reference}`,
    amount: { value: 4200, currency: 'EUR' },
    eventCode: 'AUTHORISATION',
    eventDate: '2026-12-04T10:00:00+01:00',
    success: 'true',
    additionalData: {} as Record<string, string>,
  } as Item;
  const key = forged ? randomBytes(32).toString('hex') : KEY;
  unsigned.additionalData.hmacSignature = new adyen.hmacValidator().calculateHmac(
    unsigned,
    key,
  );
  return unsigned;
}

async function deliver(origin: string, items: Item[]) {
  const body = JSON.stringify({
    live: 'false',
    notificationItems: items.map((entry) => ({ NotificationRequestItem: entry })),
  });
  const response = await request(`${origin}${PATH}`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json' },
  });
  await response.body.dump();
  return response.statusCode;
}

async function scan(origin: string, level: 'L0' | 'L2'): Promise<ScanJson> {
  const secret = level === 'L2' ? ['--secret-env', 'ADYEN_FIX_KEY'] : [];
  const run = await runCli(
    ['scan', `${origin}${PATH}`, '--scheme', 'adyen', ...secret, '--format', 'json'],
    { env: { ADYEN_FIX_KEY: KEY } },
  );
  assert.equal(run.code, 0, `${level}: ${run.stdout.slice(0, 2000)} ${run.stderr}`);
  assert.ok(!(run.stdout + run.stderr).includes(KEY), 'the key never appears');
  return JSON.parse(run.stdout) as ScanJson;
}

async function withReceiver(receiver: BatchReceiver, use: (origin: string) => Promise<void>) {
  const target = await startProcessTarget(receiver.command(), [receiver.file], {
    ADYEN_HMAC_KEY: KEY,
  });
  try {
    await use(target.origin);
  } finally {
    await target.stop();
  }
}

// The verify-every-item snippets are regions of these receivers: each must refuse a
// delivery with any wrongly signed item, and scan clean with batch-item-unverified run.
describe(
  'fix receivers for Adyen batches (lab/fixes/*_batch_receiver.*)',
  { concurrency: 2 },
  () => {
    for (const receiver of BATCH_RECEIVERS) {
      it(`given the ${receiver.framework} batch receiver, should verify every item and scan clean`, async () => {
        await withReceiver(receiver, async (origin) => {
          const tag = randomBytes(4).toString('hex').toUpperCase();
          const cases: Array<[string, Item[], number]> = [
            ['two valid items', [item(`${tag}A`), item(`${tag}B`)], 200],
            ['the same delivery again', [item(`${tag}A`), item(`${tag}B`)], 409],
            ['second item forged', [item(`${tag}C`), item(`${tag}D`, true)], 401],
            ['first item forged', [item(`${tag}E`, true), item(`${tag}F`)], 401],
            ['an empty batch', [], 401],
          ];
          for (const [label, items, status] of cases) {
            assert.equal(await deliver(origin, items), status, label);
          }
          // The forged deliveries were refused whole: their valid items are still new.
          assert.equal(
            await deliver(origin, [item(`${tag}C`)]),
            200,
            'valid item of a refused delivery',
          );
        });

        for (const level of ['L0', 'L2'] as const) {
          await withReceiver(receiver, async (origin) => {
            const result = await scan(origin, level);
            const loud = result.findings.filter((finding) => finding.severity !== 'info');
            assert.deepEqual(loud, [], `${level}: nothing above info`);
            if (level === 'L2') {
              const statuses = result.checks
                .filter((check) => check.checkId === 'batch-item-unverified')
                .map((check) => check.status);
              assert.deepEqual(statuses, ['ran']);
            }
          });
        }
      });
    }
  },
);
