import { isAuthRejection } from '../../analysis/fingerprint.js';
import type { CheckContext } from '../types.js';
import { rejectionReference } from './baseline.js';

/**
 * "Expected to be signed" needs evidence (CHECKS.md): the user said so, or the
 * endpoint turned a request away for its signature in this run.
 */
export async function signingEvidence(context: CheckContext): Promise<string | undefined> {
  if (context.signingDeclared) return `the scan was told the endpoint uses the ${context.scheme.id} scheme`;
  const baseline = await context.baseline();
  const rejection = rejectionReference(baseline);
  if (rejection?.response && (isAuthRejection(rejection) || rejection.signature === 'forged')) {
    return `the endpoint rejected a request for its signature (HTTP ${rejection.response.status})`;
  }
  return undefined;
}
