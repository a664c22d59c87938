import { OWASP } from './support/owasp.js';
import { signingEvidence } from './support/signing-evidence.js';
import { rejectionReference } from './support/baseline.js';
import type { Check, FindingDraft } from './types.js';

/**
 * The request with no signature header at all. Judged against the wrong-signature
 * reference, or, on endpoints that answer everything alike, by an oracle or by the
 * answer changing with the unsigned body.
 */
export const unsignedRequestAccepted: Check = {
  meta: {
    id: 'unsigned-request-accepted',
    title: 'Request without a signature is accepted',
    proves: 'a request with no signature header passes authentication',
    severity: 'critical',
    cwe: [306],
    owasp: OWASP.brokenAuthentication,
    level: 'L0',
    remediation: 'verify-every-request',
    sends: ['unsigned'],
  },

  async run(context) {
    const evidence = await signingEvidence(context);
    if (!evidence) return [];
    const baseline = await context.baseline();

    if (baseline.uniform && baseline.bodyDependent && baseline.bodyVariant) {
      return [uniformDraft(baseline.unsigned, baseline.bodyVariant, evidence)];
    }

    const verdict = await context.verdict(baseline.unsigned);
    if (verdict.outcome !== 'accepted') return [];
    const confirmed = await context.confirm(baseline.unsigned);
    if (!confirmed) return [];

    const reference = rejectionReference(baseline) ?? baseline.forged;
    const judge = await context.judge();
    const message = judge.references.oracle
      ? `A request without the ${context.scheme.signatureHeader} header was acted on: the oracle ` +
        'changed after it, twice, and stayed put with nothing sent.'
      : `A request without the ${context.scheme.signatureHeader} header was accepted ` +
        `(HTTP ${baseline.unsigned.response?.status}); it should have been rejected like ` +
        `a wrong signature (HTTP ${reference.response?.status}).`;
    return [
      {
        message,
        basis: `${verdict.basis}; repeated once with the same result`,
        confidence: verdict.confidence,
        probes: [baseline.unsigned, confirmed],
        references: [reference],
        details: { signingEvidence: evidence },
      },
    ];
  },
};

function uniformDraft(
  unsigned: FindingDraft['probes'][number],
  variant: FindingDraft['probes'][number],
  evidence: string,
): FindingDraft {
  return {
    message:
      'Requests without any signature are answered with success, and the answer changes with ' +
      'the unsigned body: the content reaches the code that handles it.',
    basis:
      'every request got the same success status whatever its signature, and two unsigned ' +
      'requests with different body values got different answers',
    confidence: 'medium',
    probes: [unsigned, variant],
    details: { signingEvidence: evidence },
  };
}
