// Signing throughput per scheme (signatures/s) against node:crypto's HMAC alone over
// the same message bytes, both measured in this run. Goal: each scheme within 1.5x.
// Run: npm run bench:schemes
import { createHmac } from 'node:crypto';
import type { HttpRequest } from '../src/model/http.js';
import { HmacScheme } from '../src/schemes/hmac-scheme.js';
import { createScheme, schemeIds } from '../src/schemes/registry.js';
import { checkTemplate } from '../src/schemes/template.js';
import type { SchemeOverrides } from '../src/schemes/types.js';

const ROUNDS = 3;
const MIN_MS = 250;
const GOAL = 1.5;
const body = Buffer.from(
  JSON.stringify({
    id: 'evt_bench',
    type: 'invoice.paid',
    data: {
      lines: Array.from({ length: 12 }, (_, i) => ({
        id: `li_${i}`,
        amount: i * 100,
        description: 'x'.repeat(40),
      })),
    },
  }),
);
const secret = Buffer.from('bench-secret-0123456789');
const whsec = Buffer.from(
  'whsec_' + Buffer.from('bench-key-0123456789abcdef').toString('base64'),
);
const overrides: Record<string, SchemeOverrides> = {
  template: {
    template: checkTemplate(
      {
        signatureHeader: 'X-Sig',
        timestampHeader: 'X-Ts',
        digest: 'sha256',
        encoding: 'hex',
        parts: ['timestamp', 'body'],
        separator: '.',
      },
      'bench',
    ),
  },
};

/** Operations per second of `work` over one timed slice. */
function slice(work: () => void): number {
  let count = 0;
  const start = performance.now();
  while (performance.now() - start < MIN_MS) {
    for (let i = 0; i < 200; i += 1) work();
    count += 200;
  }
  return count / ((performance.now() - start) / 1000);
}

/** Best of ROUNDS for both, interleaved so a noisy neighbour slows both alike. */
function rates(reference: () => void, ours: () => void): [number, number] {
  let bestReference = 0;
  let bestOurs = 0;
  for (let round = 0; round < ROUNDS; round += 1) {
    bestReference = Math.max(bestReference, slice(reference));
    bestOurs = Math.max(bestOurs, slice(ours));
  }
  return [bestReference, bestOurs];
}

const rows: string[] = [];
let worst = 0;
for (const id of schemeIds()) {
  const scheme = createScheme(id, overrides[id]);
  const key = id === 'standard-webhooks' ? whsec : secret;
  const request: HttpRequest = {
    method: 'POST',
    url: 'https://hooks.example.test/receive?x=1',
    headers: [['Content-Type', 'application/json']],
    body,
  };
  const signed = scheme.sign(request, {
    secret: key,
    timestamp: 1_760_000_000,
    id: 'msg_bench',
  });
  const material = scheme.crackMaterial(signed)!;
  const hmacKey = material.keyFor(key)!;
  // The reference: only the HMAC over the exact bytes this scheme signs.
  const [reference, ours] = rates(
    () => createHmac(material.digest, hmacKey).update(material.message).digest(),
    () => scheme.sign(request, { secret: key, timestamp: 1_760_000_000, id: 'msg_bench' }),
  );
  const ratio = reference / ours;
  worst = Math.max(worst, ratio);
  rows.push(
    `${id.padEnd(18)} ${Math.round(ours).toString().padStart(9)} sig/s   hmac alone ${Math.round(reference).toString().padStart(9)} /s   ${ratio.toFixed(2)}x ${ratio <= GOAL ? 'ok' : 'SLOWER THAN GOAL'}`,
  );
  if (!(scheme instanceof HmacScheme)) throw new Error(`${id} is not an HMAC scheme`);
}

console.log(
  `signing throughput per scheme, ${body.length}-byte JSON body (best of ${ROUNDS} x ${MIN_MS} ms)`,
);
for (const row of rows) console.log(row);
console.log(`worst ratio ${worst.toFixed(2)}x (goal <= ${GOAL}x)`);
