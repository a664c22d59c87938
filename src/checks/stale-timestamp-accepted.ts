import type { Exchange, HttpRequest } from '../model/http.js';
import { OWASP } from './support/owasp.js';
import { needsSignedRequest } from './support/signed-probe.js';
import type { Check, CheckContext, FindingDraft } from './types.js';

const HOUR = 3600;
/** Beyond every vendor's window (Stripe, Slack, Standard Webhooks 300 s; Twitch 600 s). */
const STALE_SAMPLE_SECONDS = 900;

interface Probe {
  label: string;
  request: HttpRequest;
  kind: 'valid' | 'altered';
  /** What acceptance of this probe proves. */
  proves: 'old' | 'future' | 'not covered';
}

/**
 * Timestamps outside a sane window. At L2 sigprobe signs requests dated an hour ago
 * and an hour ahead. At L1 it cannot sign, so it changes the sample's timestamp and
 * keeps its signature: acceptance then proves the signature does not cover the
 * timestamp, so any captured request can be re-dated. A sample that is already old
 * and still accepted proves there is no window at all.
 */
export const staleTimestampAccepted: Check = {
  meta: {
    id: 'stale-timestamp-accepted',
    title: 'Stale, future or unsigned timestamp is accepted',
    proves:
      'a signed request with a timestamp far outside a sane window, or with a timestamp the signature does not cover, is accepted',
    severity: 'high',
    cwe: [294, 613],
    owasp: OWASP.brokenAuthentication,
    level: 'L1',
    remediation: 'bound-timestamps',
    sends: ['signed', 'resend-signed'],
    subsumedBy: ['unsigned-request-accepted', 'invalid-signature-accepted'],
  },

  skip(context) {
    const reason = needsSignedRequest(context);
    if (reason) return reason;
    if (!context.scheme.timestampHeader && !context.scheme.covers.includes('timestamp')) {
      return `the ${context.scheme.id} scheme carries no timestamp`;
    }
    if (
      !context.sign &&
      context.sample &&
      context.scheme.timestampOf(context.sample) === undefined
    ) {
      return 'the sample carries no readable timestamp';
    }
    return undefined;
  },

  async run(context) {
    const judge = await context.judge();
    if (!judge.canJudge) return [];
    const now = Math.floor(Date.now() / 1000);
    const probes = context.sign ? freshProbes(context, now) : sampleProbes(context, now);

    const sent = await Promise.all(
      probes.map(async (probe) => ({
        probe,
        exchange: await context.send(probe.label, probe.request, probe.kind),
      })),
    );
    const accepted = sent.filter(
      ({ exchange }) => judge.judge(exchange).outcome === 'accepted',
    );
    const drafts: FindingDraft[] = [];
    const references = [await context.baseline()].map((b) => b.forged);

    if (accepted.length > 0) {
      const kinds = [...new Set(accepted.map(({ probe }) => probe.proves))];
      const futureOnly = kinds.length === 1 && kinds[0] === 'future';
      drafts.push({
        // Only the secret's holder can date a request ahead, so accepting future
        // timestamps matters only when the sender's clock runs fast (Stripe's and
        // Slack's own libraries accept them): recorded, not alarmed.
        ...(futureOnly
          ? {
              severity: 'info' as const,
              severityNote:
                'only future timestamps were accepted; without the secret an attacker cannot date a request ahead',
            }
          : {}),
        message: describe(kinds, context),
        basis: judge.judge(accepted[0]!.exchange).basis,
        confidence: judge.judge(accepted[0]!.exchange).confidence,
        probes: accepted.map(({ exchange }) => exchange),
        references,
        details: { accepted: kinds, tried: probes.map((p) => p.label) },
      });
    }
    const staleSample = await staleSampleAccepted(context, now);
    if (staleSample && drafts.length === 0) drafts.push({ ...staleSample, references });
    return drafts;
  },
};

function freshProbes(context: CheckContext, now: number): Probe[] {
  const sign = context.sign!;
  const probes: Probe[] = [
    {
      label: 'signed with a timestamp one hour old',
      request: sign(context.fresh(), { timestamp: now - HOUR }),
      kind: 'valid',
      proves: 'old',
    },
    {
      label: 'signed with a timestamp one hour ahead',
      request: sign(context.fresh(), { timestamp: now + HOUR }),
      kind: 'valid',
      proves: 'future',
    },
  ];
  // Signed an hour ago, then re-dated to now with the old signature kept.
  const redated = context.scheme.withTimestamp(
    sign(context.fresh(), { timestamp: now - HOUR }),
    now,
  );
  if (redated)
    probes.push({
      label: 'signed an hour ago, timestamp changed to now, signature kept',
      request: redated,
      kind: 'altered',
      proves: 'not covered',
    });
  return probes;
}

function sampleProbes(context: CheckContext, now: number): Probe[] {
  const sample = context.sample!;
  const probes: Probe[] = [];
  for (const [label, stamp] of [
    ['now', now],
    ['one hour old', now - HOUR],
  ] as const) {
    const request = context.scheme.withTimestamp(sample, stamp);
    if (request)
      probes.push({
        label: `captured sample with its timestamp changed to ${label}, signature kept`,
        request,
        kind: 'altered',
        proves: 'not covered',
      });
  }
  return probes;
}

/** At L1: the accepted reference is the sample itself; old and accepted means no window. */
async function staleSampleAccepted(
  context: CheckContext,
  now: number,
): Promise<Omit<FindingDraft, 'references'> | undefined> {
  if (context.sign || !context.sample) return undefined;
  const stamp = context.scheme.timestampOf(context.sample);
  const accepted: Exchange | undefined = await context.acceptedReference();
  if (stamp === undefined || !accepted) return undefined;
  const age = now - stamp;
  if (Math.abs(age) < STALE_SAMPLE_SECONDS) return undefined;
  return {
    message: `The captured sample, whose timestamp is ${age} s ${age > 0 ? 'old' : 'in the future'}, was accepted when resent: the receiver does not bound the timestamp.`,
    basis: 'the resent sample was accepted (it differs from the wrong-signature reference)',
    confidence: 'high',
    probes: [accepted],
    details: { accepted: [age > 0 ? 'old' : 'future'], sampleAgeSeconds: age },
  };
}

function describe(kinds: string[], context: CheckContext): string {
  const parts: string[] = [];
  if (kinds.includes('old'))
    parts.push('a request signed with a timestamp one hour old was accepted');
  if (kinds.includes('future'))
    parts.push('a request dated one hour in the future was accepted');
  if (kinds.includes('not covered')) {
    parts.push(
      `a request whose ${context.scheme.timestampHeader ?? 'timestamp'} was changed after signing was accepted with its old signature, so the signature does not cover the timestamp and any captured request can be re-dated`,
    );
  }
  const text = parts.join('; ');
  return text.charAt(0).toUpperCase() + text.slice(1) + '.';
}
