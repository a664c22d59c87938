import { isSuccess } from '../analysis/fingerprint.js';
import { OWASP } from './support/owasp.js';
import { signingEvidence } from './support/signing-evidence.js';
import { isStateChanging, looksLikeAuthError } from './support/spec-proof.js';
import type { Check, CheckContext, FindingDraft } from './types.js';

/**
 * Missing authentication where nothing says the endpoint is signed. Three cases:
 * a plain endpoint (L0) that acts on unsigned requests; a spec operation that
 * changes state and has no `security` while the API secures its others; and a
 * webhook-like path missing from the spec that acts on unsigned requests.
 */
export const unauthenticatedOperation: Check = {
  meta: {
    id: 'unauthenticated-operation',
    title: 'Operation accepts requests without any authentication',
    proves:
      'a state-changing operation acts on unsigned requests and nothing says it is meant to',
    severity: 'medium',
    cwe: [306],
    owasp: OWASP.brokenAuthentication,
    level: 'L0',
    remediation: 'require-authentication',
    sends: ['unsigned'],
  },

  async run(context) {
    const spec = context.endpoint.spec;
    if (spec && !spec.undocumented) return unsecuredSpecOperation(context);
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
      basis =
        'two unsigned requests with different body values got different successful answers';
    }
    if (!accepted) return [];

    const what = spec?.undocumented
      ? `${context.endpoint.method} ${context.endpoint.url} is not in the spec, ` +
        'yet it acts on unsigned ' +
        'requests: an undocumented receiver that nothing authenticates.'
      : `${context.endpoint.method} ${context.endpoint.url} acts on unsigned requests. ` +
        'Nothing in ' +
        'this scan says it is meant to be signed (no scheme named, no request rejected for its ' +
        'signature), so this is reported as a missing-authentication finding, not a bypass.';
    return [
      {
        message: what,
        basis,
        confidence: 'medium',
        probes: [baseline.unsigned, ...(baseline.bodyVariant ? [baseline.bodyVariant] : [])],
      },
    ];
  },
};

/**
 * Only an operation with no `security` at all counts: an explicit `security: []` is the
 * author saying the operation is public (a login, a health check), not an omission.
 */
async function unsecuredSpecOperation(context: CheckContext): Promise<FindingDraft[]> {
  const spec = context.endpoint.spec!;
  if (spec.security !== 'none' || spec.securityExplicit) return [];
  if (!isStateChanging(spec.method) || !spec.apiSecuresOthers) return [];

  const { unsigned } = await context.baseline();
  if (!isSuccess(unsigned) || looksLikeAuthError(unsigned)) return [];
  const again = await context.send('no credentials (repeated)', unsigned.request, 'none');
  if (!isSuccess(again) || looksLikeAuthError(again)) return [];

  return [
    {
      message:
        `${spec.method} ${spec.pathTemplate} changes state, ` +
        'has no security in the spec while the ' +
        `API secures its other operations, and a request without credentials was accepted ` +
        `(HTTP ${unsigned.response?.status}).`,
      basis:
        'the spec declares no security for this operation and it answered a request ' +
        'without credentials with success, twice',
      confidence: 'medium',
      probes: [unsigned, again],
      details: { pathTemplate: spec.pathTemplate, securityPointer: spec.securityPointer },
    },
  ];
}
