// Signing throughput per scheme (signatures/s) against node:crypto's HMAC alone over
// the same message bytes, both measured in this run. Goal: each scheme within 1.5x.
// Run: npm run bench:schemes
//
// The reference is one createHmac(digest, key).update(<the exact bytes the scheme
// signs>).digest(<the scheme's encoding>) per signature: the signature text the scheme
// sends, made the cheapest way node:crypto offers. Two schemes sign bytes that the
// protocol itself derives with more hashing, and their reference includes it, over
// the same bytes, with node:crypto's one-shot hash():
// - aws-sigv4: SHA-256 of the body (the payload hash), SHA-256 of the canonical request,
//   then the HMAC of the string-to-sign. The derived signing key is made once, as the
//   scheme (and the AWS SDKs) cache it per secret, date, region and service.
// - twilio with a non-form body: SHA-256 of the body (the bodySHA256 URL parameter),
//   then the HMAC of the URL.
// - adyen: a batch of two notification items, each signed on its own: the reference is
//   the two HMACs, one over each item's signed string.
// The `1 hmac` column is the ratio to the HMAC alone, for every scheme. The extra
// `aws-sigv4 new key` row signs with a new secret each time, as forgeries are.
import { createHmac, hash } from 'node:crypto';
import type { HttpRequest } from '../src/model/http.js';
import { getHeader } from '../src/model/http.js';
import { canonicalRequest } from '../src/schemes/aws-sigv4.js';
import { adyenExampleBody } from '../src/schemes/adyen.js';
import { batchOf } from '../src/schemes/batch.js';
import { HmacScheme } from '../src/schemes/hmac-scheme.js';
import { isForm } from '../src/schemes/parts.js';
import { createScheme, schemeIds } from '../src/schemes/registry.js';
import { checkTemplate } from '../src/schemes/template.js';
import type { SchemeOverrides } from '../src/schemes/types.js';

const ROUNDS = 5;
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
// Adyen signs each item of a batch under a hex key; its body is a two-item batch.
const adyenKey = Buffer.from(
  '5c1f0e7a9b3d42e8a6f1c0d9b8e7a6f54c3b2a1908f7e6d5c4b3a2918f7e6d5c',
);
const adyenBody = adyenExampleBody();
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

/** Best of ROUNDS for each, interleaved so a noisy neighbour slows all alike. */
function rates(works: Array<() => void>): number[] {
  const best = works.map(() => 0);
  for (let round = 0; round < ROUNDS; round += 1)
    works.forEach((work, i) => (best[i] = Math.max(best[i]!, slice(work))));
  return best;
}

const rows: string[] = [];
let worst = 0;
for (const id of schemeIds()) {
  const scheme = createScheme(id, overrides[id]);
  const key = id === 'standard-webhooks' ? whsec : id === 'adyen' ? adyenKey : secret;
  const request: HttpRequest = {
    method: 'POST',
    url: 'https://hooks.example.test/receive?x=1',
    headers: [['Content-Type', 'application/json']],
    body: id === 'adyen' ? adyenBody : body,
  };
  const signed = scheme.sign(request, {
    secret: key,
    timestamp: 1_760_000_000,
    id: 'msg_bench',
  });
  const material = scheme.crackMaterial(signed)!;
  const hmacKey = material.keyFor(key)!;
  const encoding = scheme.encoding;
  const hmacAlone = () =>
    createHmac(material.digest, hmacKey).update(material.message).digest(encoding);
  // What the protocol hashes besides the HMAC (see the top of this file).
  let covers = 'HMAC';
  let reference: () => unknown = hmacAlone;
  if (id === 'aws-sigv4') {
    const signedHeaders = /SignedHeaders=([^,]+)/
      .exec(getHeader(signed.headers, 'authorization') ?? '')![1]!
      .split(';');
    const canonical = canonicalRequest(signed, signedHeaders)!;
    covers = 'SHA-256(body) + SHA-256(canonical request) + HMAC';
    reference = () => {
      hash('sha256', body, 'hex');
      hash('sha256', canonical, 'hex');
      return hmacAlone();
    };
  } else if (id === 'twilio' && !isForm(request)) {
    covers = 'SHA-256(body) + HMAC';
    reference = () => {
      hash('sha256', body, 'hex');
      return hmacAlone();
    };
  }
  const batch = batchOf(scheme);
  if (batch) {
    const messages = batch
      .items(signed)!
      .map((item) => batch.item.crackMaterial(item)!.message);
    covers = `${messages.length} x HMAC, one per item`;
    reference = () => {
      for (const message of messages)
        createHmac(material.digest, hmacKey).update(message).digest(encoding);
    };
  }
  const sign = () =>
    scheme.sign(request, { secret: key, timestamp: 1_760_000_000, id: 'msg_bench' });
  measure(id, covers, reference, sign, hmacAlone);
  if (!batch && !(scheme instanceof HmacScheme)) throw new Error(`${id} is not an HMAC scheme`);

  if (id === 'aws-sigv4') {
    // A scan signs each forgery with a new random secret, so the derived-key cache
    // cannot help there: this row gives every signature a new secret object (a copy,
    // made on both sides) and its reference derives the key too (4 HMACs).
    const canonical = canonicalRequest(
      signed,
      /SignedHeaders=([^,]+)/.exec(getHeader(signed.headers, 'authorization')!)![1]!.split(';'),
    )!;
    measure(
      'aws-sigv4 new key',
      'copy + key derivation + SHA-256(body) + SHA-256(canonical request) + HMAC',
      () => {
        const derived = material.keyFor(Buffer.from(key))!;
        hash('sha256', body, 'hex');
        hash('sha256', canonical, 'hex');
        return createHmac('sha256', derived).update(material.message).digest('hex');
      },
      () => scheme.sign(request, { secret: Buffer.from(key), timestamp: 1_760_000_000 }),
      hmacAlone,
    );
  }
}

function measure(
  label: string,
  covers: string,
  reference: () => unknown,
  sign: () => void,
  hmacAlone: () => void,
): void {
  const measured = rates(covers === 'HMAC' ? [reference, sign] : [reference, sign, hmacAlone]);
  const [referenceRate, ours] = measured as [number, number];
  const hmacRate = measured[2] ?? referenceRate;
  const ratio = referenceRate / ours;
  worst = Math.max(worst, ratio);
  rows.push(
    `${label.padEnd(18)} ${Math.round(ours).toString().padStart(9)} sig/s   reference ${Math.round(referenceRate).toString().padStart(9)} /s   ${ratio.toFixed(2)}x ${(ratio <= GOAL ? 'ok' : 'SLOWER THAN GOAL').padEnd(16)} 1 hmac ${(hmacRate / ours).toFixed(2)}x   reference: ${covers}`,
  );
}

console.log(
  `signing throughput per scheme, ${body.length}-byte JSON body (best of ${ROUNDS} x ${MIN_MS} ms)`,
);
for (const row of rows) console.log(row);
console.log(`worst ratio ${worst.toFixed(2)}x (goal <= ${GOAL}x)`);
