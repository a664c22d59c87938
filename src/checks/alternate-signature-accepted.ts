import { OWASP } from './support/owasp.js';
import { needsSignedRequest, signedFooting } from './support/signed-probe.js';
import type { Check } from './types.js';

/**
 * The signature offered another way than the scheme's own: the vendor's legacy digest
 * alone (GitHub's sha1), an algorithm the request names (`md5=`), or the header's
 * value moved to the query string. At L2 these carry valid HMACs under the real
 * secret; at L1 only the moves that reuse the sample's own signature are possible.
 */
export const alternateSignatureAccepted: Check = {
  meta: {
    id: 'alternate-signature-accepted',
    title: 'Signature is accepted in a weaker or alternate form',
    proves:
      'a legacy or weaker algorithm, an attacker-named algorithm, or the signature moved to the query string is accepted',
    severity: 'high',
    cwe: [347, 757],
    owasp: OWASP.brokenAuthentication,
    level: 'L2',
    remediation: 'one-algorithm-only',
    sends: ['signed', 'resend-signed'],
    subsumedBy: ['unsigned-request-accepted', 'invalid-signature-accepted'],
  },

  skip: needsSignedRequest,

  async run(context) {
    const footing = await signedFooting(context, 'alternate-signature-accepted');
    if (!footing) return [];
    const { judge, accepted } = footing;
    // At L2 each form gets its own freshly signed request; the real secret never leaves the state.
    const base = context.sign ? context.sign(context.fresh()) : context.sample!;
    const labels = context.alternates(base).map((a) => a.label);
    const probes = await Promise.all(
      labels.map(async (label) => {
        const request = context.sign ? context.sign(context.fresh()) : context.sample!;
        const form = context.alternates(request).find((a) => a.label === label)!;
        return context.send(`alternate signature: ${label}`, form.request, 'altered');
      }),
    );

    const hits = probes.filter((probe) => judge.judge(probe).outcome === 'accepted');
    if (hits.length === 0) return [];
    const verdict = judge.judge(hits[0]!);
    const found = hits.map((probe) => probe.label.replace('alternate signature: ', ''));
    return [
      {
        message: `The receiver accepted the signature in forms other than the ${context.scheme.id} scheme's own: ${found.join('; ')}.`,
        basis: verdict.basis,
        confidence: verdict.confidence,
        probes: hits,
        references: [accepted, (await context.baseline()).forged],
        details: { acceptedForms: found, triedForms: labels.length },
      },
    ];
  },
};
