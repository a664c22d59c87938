import { cloneRequest, withHeader } from '../model/http.js';
import type { Exchange } from '../model/http.js';
import { OWASP } from './support/owasp.js';
import type { Check } from './types.js';

/** Each malformed form of the signature header, sent on its own: parsers fail open. */
export const malformedSignatureAccepted: Check = {
  meta: {
    id: 'malformed-signature-accepted',
    title: 'Malformed signature is accepted',
    proves: 'an empty, truncated, untagged or non-digest signature value passes authentication',
    severity: 'critical',
    cwe: [347],
    owasp: OWASP.brokenAuthentication,
    level: 'L0',
    remediation: 'strict-signature-format',
    sends: ['malformed'],
    subsumedBy: [
      'unsigned-request-accepted',
      'invalid-signature-accepted',
      'unauthenticated-operation',
    ],
  },

  async run(context) {
    // Probes go out while the references are still in flight; judging waits for them.
    const forged = context.forged();
    const header = context.scheme.signatureHeader;

    const probes = await Promise.all(
      context.scheme
        .malformedValues(forged)
        .map((variant) =>
          context.send(
            `malformed signature: ${variant.label}`,
            cloneRequest(forged, {
              headers: withHeader(forged.headers, header, variant.value),
            }),
            'malformed',
          ),
        ),
    );

    const judge = await context.judge();
    if (!judge.canJudge) return [];
    const baseline = await context.baseline();
    const accepted: Exchange[] = [];
    let basis = '';
    for (const probe of probes) {
      const verdict = judge.judge(probe);
      if (verdict.outcome === 'accepted') {
        accepted.push(probe);
        basis ||= verdict.basis;
      }
    }
    if (!accepted.length) return [];

    const labels = accepted.map((probe) => probe.label.replace('malformed signature: ', ''));
    return [
      {
        message:
          `Malformed ${header} values were accepted: ${labels.join(', ')}. A correct verifier ` +
          'rejects any value that is not a full digest in the expected format.',
        basis,
        confidence: 'high',
        probes: accepted,
        references: [baseline.forged],
        details: { acceptedForms: labels, triedForms: probes.length },
      },
    ];
  },
};
