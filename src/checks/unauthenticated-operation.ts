import { OWASP } from './support/owasp.js';
import { signingEvidence } from './support/signing-evidence.js';
import type { Check } from './types.js';

/**
 * Without evidence that the endpoint is meant to be signed, an endpoint that acts on
 * unsigned requests is reported here, at a lower severity, and says why.
 */
export const unauthenticatedOperation: Check = {
  meta: {
    id: 'unauthenticated-operation',
    title: 'Operation accepts requests without any authentication',
    proves: 'a state-changing operation acts on unsigned requests and nothing says it is meant to',
    severity: 'medium',
    cwe: [306],
    owasp: OWASP.brokenAuthentication,
    level: 'L0',
    remediation: 'require-authentication',
    sends: ['unsigned'],
  },

  async run(context) {
    if (await signingEvidence(context)) return [];
    const baseline = await context.baseline();
    const judge = await context.judge();

    let accepted = false;
    let basis = '';
    if (judge.references.oracle) {
      accepted = Boolean(baseline.unsigned.oracleChanged);
      basis = 'the oracle changed after the unsigned request';
    } else if (baseline.uniform && baseline.bodyDependent) {
      accepted = true;
      basis = 'two unsigned requests with different body values got different successful answers';
    }
    if (!accepted) return [];

    return [
      {
        message:
          `${context.endpoint.method} ${context.endpoint.url} acts on unsigned requests. Nothing in ` +
          'this scan says it is meant to be signed (no scheme named, no request rejected for its ' +
          'signature), so this is reported as a missing-authentication finding, not a bypass.',
        basis,
        confidence: 'medium',
        probes: [baseline.unsigned, ...(baseline.bodyVariant ? [baseline.bodyVariant] : [])],
      },
    ];
  },
};
