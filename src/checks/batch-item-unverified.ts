import { oracleState } from '../scan/oracle.js';
import { forgerySecret } from '../schemes/body-header.js';
import { batchOf } from '../schemes/batch.js';
import type { BatchAccess } from '../schemes/batch.js';
import type { Exchange, HttpRequest } from '../model/http.js';
import { OWASP } from './support/owasp.js';
import { needsSignedRequest, signedFooting } from './support/signed-probe.js';
import type { Check, CheckContext } from './types.js';

/** Which items of a probe batch carry a valid signature, in order. */
type Shape = ReadonlyArray<'valid' | 'forged'>;

interface Probe {
  shape: Shape;
  exchange: Exchange;
  items: HttpRequest[];
}

/**
 * Batch schemes (Adyen) sign each item of a delivery on its own, and a receiver that
 * checks only the first item processes whatever follows it. sigprobe sends four
 * batches built from one valid item: [valid], [valid, valid], [valid, forged] and
 * [forged, valid]. The fault is proven when the forged-first batch is rejected (so the
 * receiver does verify), the [valid, forged] answer equals the [valid, valid] answer,
 * and that answer differs from the one-item answer, so the receiver's reply shows the
 * second item was taken. A receiver that skips or reports the bad item answers
 * differently; one that answers every batch alike gets a note, never a finding.
 */
export const batchItemUnverified: Check = {
  meta: {
    id: 'batch-item-unverified',
    title: 'Later items of a signed batch are not verified',
    proves:
      'a batch whose second item carries a wrong signature is processed like one whose items are all validly signed',
    severity: 'high',
    cwe: [345, 347],
    owasp: OWASP.brokenAuthentication,
    level: 'L1',
    remediation: 'verify-every-item',
    sends: ['signed', 'resend-signed'],
    subsumedBy: ['unsigned-request-accepted', 'invalid-signature-accepted'],
  },

  skip(context) {
    const reason = needsSignedRequest(context);
    if (reason) return reason;
    return batchOf(context.scheme)
      ? undefined
      : `the ${context.scheme.id} scheme signs a request once, not each item of a batch`;
  },

  async run(context) {
    const footing = await signedFooting(context, 'batch-item-unverified');
    const batch = batchOf(context.scheme);
    if (!footing || !batch) return [];
    const { judge } = footing;

    const send = async (label: string, shape: Shape): Promise<Probe> => {
      const built = buildBatch(context, batch, shape);
      const kind = shape.includes('forged') ? 'altered' : 'valid';
      const exchange = await context.send(label, built.request, kind);
      return { shape, exchange, items: built.items };
    };
    const head = await send('batch: forged first item, valid second', ['forged', 'valid']);
    if (judge.judge(head.exchange).outcome !== 'rejected') return [];

    const tail = await send('batch: valid first item, forged second', ['valid', 'forged']);
    if (judge.judge(tail.exchange).outcome !== 'accepted') return [];
    const pair = await send('batch: two validly signed items', ['valid', 'valid']);
    const single = await send('batch: one validly signed item', ['valid']);
    const answer = (probe: Probe) => answerOf(probe);

    if (answer(pair) === answer(single)) {
      context.note(
        'batch-item-unverified: the receiver answered a one-item and a two-item batch alike, so its answer cannot ' +
          'show whether the forged second item was processed; it accepted [valid, forged] ' +
          `(HTTP ${tail.exchange.response?.status}).`,
      );
      return [];
    }
    if (answer(tail) !== answer(pair)) return [];

    // The same shape once more: one matching answer could be a coincidence.
    const again = await send('batch: valid first item, forged second (again)', [
      'valid',
      'forged',
    ]);
    if (answer(again) !== answer(pair)) return [];

    const verdict = judge.judge(tail.exchange);
    return [
      {
        message:
          `A batch whose second item carries a wrong ${context.scheme.signatureHeader} was answered exactly like ` +
          'a batch of two validly signed items, while a batch with a forged first item was rejected: only the ' +
          'first item is verified, so anyone holding one signed delivery can append items of their own.',
        basis:
          `${verdict.basis}; [valid, forged] and [valid, valid] got the same answer (HTTP ` +
          `${tail.exchange.response?.status}), which differs from the one-item answer`,
        confidence: verdict.confidence,
        probes: [tail.exchange, again.exchange, head.exchange],
        references: [pair.exchange, single.exchange],
        details: { itemsVerified: 'first only' },
      },
    ];
  },
};

/**
 * Items for a probe: at L2 fresh events signed with the secret (forged ones signed
 * again with a random key); at L1 copies of the sample's first item, the forged copy
 * carrying a signature made with a random key.
 */
function buildBatch(
  context: CheckContext,
  batch: BatchAccess,
  shape: Shape,
): { request: HttpRequest; items: HttpRequest[] } {
  const base = context.sign ? context.fresh() : context.sample!;
  const first = batch.items(base)![0]!;
  const forge = (item: HttpRequest) => batch.item.sign(item, { secret: forgerySecret() });

  if (context.sign) {
    const fresh = shape.map(() => batch.freshenItem(first));
    const signed = batch.items(context.sign(batch.compose(base, fresh)))!;
    const items = signed.map((item, i) => (shape[i] === 'forged' ? forge(item) : item));
    return { request: batch.compose(base, items), items };
  }
  const items = shape.map((kind) => (kind === 'forged' ? forge(first) : first));
  return { request: batch.compose(base, items), items };
}

/**
 * What a probe's answer says, with each item's own values (references, signatures)
 * put back to their position and clock values masked, so batches of different events
 * compare by what the receiver did with them.
 */
function answerOf(probe: Probe): string {
  const response = probe.exchange.response;
  if (!response) return 'no answer';
  let text = response.body.toString('utf8');
  probe.items.forEach((item, position) => {
    const values = leafStrings(JSON.parse(item.body.toString('utf8')) as unknown)
      .filter((value) => value.length >= 4)
      .sort((a, b) => b.length - a.length);
    for (const value of values) text = text.replaceAll(value, `<item ${position}>`);
  });
  return `${response.status} ${oracleState(Buffer.from(text))}`;
}

function leafStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value === 'number') return [];
  if (Array.isArray(value)) return value.flatMap(leafStrings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(leafStrings);
  return [];
}
