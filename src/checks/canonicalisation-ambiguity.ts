import { OWASP } from './support/owasp.js';
import { needsSignedRequest, signedFooting, signedRequest } from './support/signed-probe.js';
import type { Check } from './types.js';

/**
 * Where a scheme joins signed fields with no separator (Twitch's id + timestamp +
 * body, in-house copies), bytes can move from one field to the next and the signature
 * stays valid. sigprobe moves one character across each such boundary and resends:
 * accepted means the receiver reads different values under the same signature (a new
 * delivery id defeats deduplication, say).
 */
export const canonicalisationAmbiguity: Check = {
  meta: {
    id: 'canonicalisation-ambiguity',
    title: 'Signed fields can be shifted across an unseparated boundary',
    proves:
      'bytes moved between signed fields that are joined without a separator still pass verification',
    severity: 'medium',
    cwe: [347],
    owasp: OWASP.brokenAuthentication,
    level: 'L1',
    remediation: 'separate-signed-fields',
    sends: ['signed', 'resend-signed'],
    subsumedBy: ['unsigned-request-accepted', 'invalid-signature-accepted'],
  },

  skip(context) {
    const reason = needsSignedRequest(context);
    if (reason) return reason;
    const probe = context.sample ?? context.forged();
    return context.scheme.shiftedFields(probe).length === 0
      ? `the ${context.scheme.id} scheme separates its signed fields (no byte can move between them)`
      : undefined;
  },

  async run(context) {
    const footing = await signedFooting(context, 'canonicalisation-ambiguity');
    if (!footing) return [];
    const { judge, accepted } = footing;

    const labels = context.scheme.shiftedFields(signedRequest(context)).map((s) => s.label);
    const probes = await Promise.all(
      labels.map(async (label) => {
        const shifted = context.scheme
          .shiftedFields(signedRequest(context))
          .find((s) => s.label === label);
        return shifted
          ? context.send(`shifted fields: ${label}`, shifted.request, 'altered')
          : undefined;
      }),
    );
    const hits = probes.filter(
      (p): p is NonNullable<typeof p> =>
        p !== undefined && judge.judge(p).outcome === 'accepted',
    );
    if (hits.length === 0) return [];
    const verdict = judge.judge(hits[0]!);
    const moved = hits.map((probe) => probe.label.replace('shifted fields: ', ''));
    return [
      {
        message:
          `The ${context.scheme.id} fields are joined without a separator, and the receiver accepted the same ` +
          `signature after bytes moved between them (${moved.join('; ')}): one signature stands for several different requests.`,
        basis: verdict.basis,
        confidence: verdict.confidence,
        probes: hits,
        references: [accepted],
        details: { acceptedMoves: moved },
      },
    ];
  },
};
