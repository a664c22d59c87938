import { requestValues } from '../analysis/fingerprint.js';
import { forgerySecret } from '../schemes/body-header.js';
import { batchOf } from '../schemes/batch.js';
import type { BatchAccess } from '../schemes/batch.js';
import type { Exchange, HttpRequest } from '../model/http.js';
import { oracleState } from '../scan/oracle.js';
import { OWASP } from './support/owasp.js';
import { needsSignedRequest, signedFooting } from './support/signed-probe.js';
import type { Check, CheckContext } from './types.js';

/** One item of a probe batch: validly signed, signed with a random key, or unsigned. */
type ItemKind = 'valid' | 'forged' | 'unsigned';

/** Batches with one bad item each, at the positions receivers are known to skip. */
const SHAPES: ReadonlyArray<{ label: string; items: readonly ItemKind[] }> = [
  { label: 'second item forged', items: ['valid', 'forged'] },
  { label: 'first item forged', items: ['forged', 'valid'] },
  { label: 'second item unsigned', items: ['valid', 'unsigned'] },
  { label: 'third item forged', items: ['valid', 'valid', 'forged'] },
];

/**
 * Batch schemes (Adyen) sign each item of a delivery on its own, and a receiver that
 * checks only some items (the first, the signed ones) processes whatever else comes.
 * What a receiver answers cannot prove it: "received 2" reads the same whether the
 * bad item was processed or refused. What it remembers can. sigprobe first shows the
 * receiver remembers processed events (a fresh one-item batch, then the same again:
 * the second answer differs). Then, for each batch with one bad item that is
 * accepted, it sends that bad item's event validly signed on its own: answered like
 * the repeat, not like a fresh event, means the bad item had been processed.
 */
export const batchItemUnverified: Check = {
  meta: {
    id: 'batch-item-unverified',
    title: 'An item of a signed batch is processed without verification',
    proves:
      'an item with a wrong or missing signature, sent in a batch with validly signed ' +
      'items, was processed: the receiver later treats its event as already handled',
    severity: 'high',
    cwe: [345, 347],
    owasp: OWASP.brokenAuthentication,
    level: 'L2',
    remediation: 'verify-every-item',
    sends: ['signed', 'resend-signed'],
    subsumedBy: ['unsigned-request-accepted', 'invalid-signature-accepted'],
  },

  skip(context) {
    const reason = needsSignedRequest(context);
    if (reason) return reason;
    if (!batchOf(context.scheme))
      return `the ${context.scheme.id} scheme signs a request once, not each item of a batch`;
    return context.sign
      ? undefined
      : 'needs the key (L2): only fresh, validly signed items can show whether a bad ' +
          'item was processed';
  },

  async run(context) {
    const footing = await signedFooting(context, 'batch-item-unverified');
    const batch = batchOf(context.scheme);
    if (!footing || !batch) return [];
    const { judge } = footing;
    const send = (label: string, request: HttpRequest) =>
      context.send(`batch: ${label}`, request, 'valid');

    // Does the receiver show that it remembers an event it processed?
    const [fresh] = freshEvents(context, batch, 1);
    const first = await send('one fresh item', single(context, batch, fresh!));
    const repeat = await send('the same item again', single(context, batch, fresh!));
    if (judge.judge(first).outcome !== 'accepted') return [];
    if (answerOf(repeat) === answerOf(first)) {
      context.note(
        'batch-item-unverified: the receiver answered an event it had already processed ' +
          'like a new one, so nothing can show whether a badly signed batch item was ' +
          'processed; give --oracle to decide.',
      );
      return [];
    }

    const proofs: Array<{ label: string; probe: Exchange; trace: Exchange }> = [];
    for (const shape of SHAPES) {
      const events = freshEvents(context, batch, shape.items.length);
      const probe = await send(shape.label, mixed(context, batch, events, shape.items));
      if (judge.judge(probe).outcome !== 'accepted') continue;

      const bad = shape.items.findIndex((kind) => kind !== 'valid');
      const trace = await send(
        `the ${shape.label.split(' ')[0]} item's event alone, validly signed`,
        single(context, batch, events[bad]!),
      );
      if (answerOf(trace) === answerOf(repeat) && answerOf(trace) !== answerOf(first))
        proofs.push({ label: shape.label, probe, trace });
    }
    if (proofs.length === 0) return [];

    const which = proofs.map((proof) => proof.label).join('; ');
    const verdict = judge.judge(proofs[0]!.probe);
    return [
      {
        message:
          `A batch with a badly signed item was accepted (${which}), and that item's ` +
          'event, sent again validly signed on its own, was answered like an event already ' +
          'processed: the receiver acted on an item it never verified, so anyone holding ' +
          'one signed delivery can add items of their own.',
        basis:
          `${verdict.basis}; the bad item's event then got the answer of a repeated event (HTTP ` +
          `${proofs[0]!.trace.response?.status}), not that of a fresh one ` +
          `(HTTP ${first.response?.status})`,
        confidence: 'high',
        probes: proofs.flatMap((proof) => [proof.probe, proof.trace]),
        references: [first, repeat],
        details: { unverifiedItems: proofs.map((proof) => proof.label) },
      },
    ];
  },
};

/** `count` new events from the endpoint's first item, each with its own reference. */
function freshEvents(context: CheckContext, batch: BatchAccess, count: number): HttpRequest[] {
  const first = batch.items(context.fresh())![0]!;
  return Array.from({ length: count }, () => batch.freshenItem(first));
}

function single(context: CheckContext, batch: BatchAccess, event: HttpRequest): HttpRequest {
  return context.sign!(batch.compose(context.fresh(), [event]));
}

/** The events signed with the key, then the bad ones re-signed or stripped. */
function mixed(
  context: CheckContext,
  batch: BatchAccess,
  events: HttpRequest[],
  kinds: readonly ItemKind[],
): HttpRequest {
  const base = context.fresh();
  const signed = batch.items(context.sign!(batch.compose(base, events)))!;
  const items = signed.map((item, i) => {
    if (kinds[i] === 'forged') return batch.item.sign(item, { secret: forgerySecret() });
    if (kinds[i] === 'unsigned') return batch.item.strip(item);
    return item;
  });
  return batch.compose(base, items);
}

/**
 * What an answer says about one-item batches of different events: their own values
 * (references, signatures) masked where echoed, and clock values masked.
 */
function answerOf(exchange: Exchange): string {
  const response = exchange.response;
  if (!response) return 'no answer';
  let text = response.body.toString('utf8');
  const own = requestValues(exchange).sort((a, b) => b.length - a.length);
  for (const value of own) text = text.replaceAll(value, '<own value>');
  return `${response.status} ${oracleState(Buffer.from(text))}`;
}
