import { cloneRequest, withHeader } from '../model/http.js';
import { OWASP } from './support/owasp.js';
import { needsSignedRequest, signedFooting, signedRequest } from './support/signed-probe.js';
import type { Check } from './types.js';

/**
 * Cut-down forms of a valid signature: its first half, its first character, all but
 * its last character, an empty entry, and list forms with an empty entry (`v1,`).
 * A verifier that compares with startswith, a substring search or a loop over list
 * entries that matches "" accepts them, and a prefix is guessable byte by byte.
 */
export const signatureTruncationAccepted: Check = {
  meta: {
    id: 'signature-truncation-accepted',
    title: 'Truncated signature is accepted',
    proves:
      'a prefix of a valid signature, or a list with an empty entry, passes authentication',
    severity: 'critical',
    cwe: [347],
    owasp: OWASP.brokenAuthentication,
    level: 'L1',
    remediation: 'compare-full-signature',
    sends: ['signed', 'resend-signed'],
    subsumedBy: [
      'unsigned-request-accepted',
      'invalid-signature-accepted',
      'malformed-signature-accepted',
    ],
  },

  skip(context) {
    const reason = needsSignedRequest(context);
    if (reason) return reason;
    const probe = context.sample ?? context.forged();
    return context.scheme.truncatedValues(probe).length === 0
      ? `the ${context.scheme.id} signature is not in a header`
      : undefined;
  },

  async run(context) {
    const footing = await signedFooting(context, 'signature-truncation-accepted');
    if (!footing) return [];
    const { judge, accepted } = footing;
    const header = context.scheme.signatureHeader;

    const variants = context.scheme.truncatedValues(signedRequest(context)).map((v) => v.label);
    const probes = await Promise.all(
      variants.map(async (label) => {
        // A fresh signed request per probe at L2, so deduplication cannot mask the answer.
        const signed = signedRequest(context);
        const value = context.scheme
          .truncatedValues(signed)
          .find((v) => v.label === label)!.value;
        const request = cloneRequest(signed, {
          headers: withHeader(signed.headers, header, value),
        });
        return context.send(`truncated signature: ${label}`, request, 'altered');
      }),
    );

    const hits = probes.filter((probe) => judge.judge(probe).outcome === 'accepted');
    if (hits.length === 0) return [];
    const labels = hits.map((probe) => probe.label.replace('truncated signature: ', ''));
    const verdict = judge.judge(hits[0]!);
    return [
      {
        message:
          `Cut-down signatures were accepted: ${labels.join('; ')}. The verifier does not compare the full ` +
          'digest, so a forger needs only a prefix, which can be guessed a character at a time.',
        basis: verdict.basis,
        confidence: verdict.confidence,
        probes: hits,
        references: [accepted, (await context.baseline()).forged],
        details: { acceptedForms: labels, triedForms: variants.length },
      },
    ];
  },
};
