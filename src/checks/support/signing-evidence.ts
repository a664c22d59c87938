import { isAuthRejection, sameAnswer } from '../../analysis/fingerprint.js';
import type { CheckContext } from '../types.js';
import { rejectionReference } from './baseline.js';

/**
 * "Expected to be signed" needs evidence (CHECKS.md): the user said so, or the
 * endpoint turned a request away for its signature in this run.
 */
export async function signingEvidence(context: CheckContext): Promise<string | undefined> {
  if (context.signingDeclared)
    return `the scan was told the endpoint uses the ${context.scheme.id} scheme`;
  const baseline = await context.baseline();
  const rejection = rejectionReference(baseline);
  if (!rejection?.response) return undefined;

  // The answer must depend on the signature, or say it is about authentication: a 400
  // or 405 that every request gets whatever its signature is no evidence.
  const mentions = /signature|hmac|unauthori[sz]ed|authenticat/i.test(
    rejection.response.body.toString('utf8'),
  );
  if (
    isAuthRejection(rejection) ||
    mentions ||
    !sameAnswer(baseline.forged, baseline.unsigned)
  ) {
    return `the endpoint rejected a request for its signature (HTTP ${rejection.response.status})`;
  }
  return undefined;
}
