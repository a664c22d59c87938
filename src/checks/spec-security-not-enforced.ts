import { isSuccess } from '../analysis/fingerprint.js';
import { OWASP } from './support/owasp.js';
import { rejectionReference } from './support/baseline.js';
import { looksLikeAuthError, uniformAcceptance } from './support/spec-proof.js';
import type { Acceptance } from './support/spec-proof.js';
import type { Check, CheckContext } from './types.js';

/**
 * The spec says the operation needs a signature or a credential; a request carrying
 * none was accepted. For signatures this is the spec-backed form of
 * unsigned-request-accepted (which it subsumes); for bearer, OAuth and API keys it
 * is the same L0 question asked about the credential.
 */
export const specSecurityNotEnforced: Check = {
  meta: {
    id: 'spec-security-not-enforced',
    title: 'Operation the spec secures accepts requests without credentials',
    proves:
      'an operation whose spec requires a signature or credential acts on a request carrying none',
    severity: 'critical',
    cwe: [306],
    owasp: OWASP.brokenAuthentication,
    level: 'spec',
    remediation: 'enforce-spec-security',
    sends: ['unsigned'],
  },

  skip(context) {
    const security = context.endpoint.spec?.security;
    if (security === 'signed' || security === 'credential') return undefined;
    return 'the spec requires no credentials here';
  },

  async run(context) {
    const baseline = await context.baseline();
    const { unsigned } = baseline;
    if (!isSuccess(unsigned) || looksLikeAuthError(unsigned)) return [];

    const proof = baseline.uniform
      ? await uniformAcceptance(context)
      : await judgedAcceptance(context);
    if (!proof) return [];

    const spec = context.endpoint.spec!;
    const names = spec.schemeNames.length
      ? spec.schemeNames.map((n) => `"${n}"`).join(' or ')
      : 'its security';
    const reference = rejectionReference(baseline);
    return [
      {
        message:
          `The spec requires ${names} for ${spec.method} ${spec.pathTemplate}, ` +
          'but a request with no ' +
          `credentials was accepted (HTTP ${unsigned.response?.status})` +
          (reference
            ? `, while a wrong credential got HTTP ${reference.response?.status}.`
            : '.'),
        basis: proof.basis,
        confidence: proof.confidence,
        probes: proof.probes,
        references: reference ? [reference] : [],
        details: { securitySchemes: spec.schemeNames, pathTemplate: spec.pathTemplate },
      },
    ];
  },
};

async function judgedAcceptance(context: CheckContext): Promise<Acceptance | undefined> {
  const { unsigned } = await context.baseline();
  const verdict = await context.verdict(unsigned);
  if (verdict.outcome !== 'accepted') return undefined;
  const confirmed = await context.confirm(unsigned);
  if (!confirmed) return undefined;
  return {
    probes: [unsigned, confirmed],
    basis: `${verdict.basis}; repeated once with the same result`,
    confidence: verdict.confidence === 'high' ? 'high' : 'medium',
  };
}
