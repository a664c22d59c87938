import { OWASP } from './support/owasp.js';
import type { Check } from './types.js';

/** Two different well-formed wrong signatures, both accepted: the verifier does not decide. */
export const invalidSignatureAccepted: Check = {
  meta: {
    id: 'invalid-signature-accepted',
    title: 'Wrong signature is accepted',
    proves: 'a well-formed signature made with the wrong secret passes authentication',
    severity: 'critical',
    cwe: [347],
    owasp: OWASP.brokenAuthentication,
    level: 'L0',
    remediation: 'reject-wrong-signature',
    sends: ['forged'],
    subsumedBy: ['unsigned-request-accepted', 'unauthenticated-operation'],
  },

  async run(context) {
    const baseline = await context.baseline();
    const first = await context.verdict(baseline.forged);
    const second = await context.verdict(baseline.forgedAgain);
    if (first.outcome !== 'accepted' || second.outcome !== 'accepted') return [];

    const valid = baseline.validSent;
    const inverted =
      valid?.response !== undefined && (await context.verdict(valid)).outcome !== 'accepted';
    const references = [baseline.unsigned, ...(valid ? [valid] : [])];
    return [
      {
        message:
          `Two requests signed with random wrong secrets were accepted (HTTP ` +
          `${baseline.forged.response?.status}); the ${context.scheme.signatureHeader} value is not ` +
          'what decides acceptance.' +
          (inverted
            ? ` The validly signed request was refused (HTTP ${valid.response?.status}): the verifier's result is inverted.`
            : ''),
        basis: `${first.basis}; both wrong signatures were accepted`,
        confidence: first.confidence,
        probes: [baseline.forged, baseline.forgedAgain],
        references,
      },
    ];
  },
};
