import { invalidSignatureAccepted } from './invalid-signature-accepted.js';
import { malformedSignatureAccepted } from './malformed-signature-accepted.js';
import { methodNotCovered } from './method-not-covered.js';
import { noBruteForceThrottling } from './no-brute-force-throttling.js';
import { plaintextTransport } from './plaintext-transport.js';
import { processingBeforeVerification } from './processing-before-verification.js';
import { timingDiscrepancy } from './timing-discrepancy.js';
import { CheckRegistry } from './registry.js';
import type { Check } from './types.js';
import { unauthenticatedOperation } from './unauthenticated-operation.js';
import { unsignedRequestAccepted } from './unsigned-request-accepted.js';
import { verificationErrorLeak } from './verification-error-leak.js';
import { verificationBypassSwitch } from './verification-bypass-switch.js';

/** Every check, sorted by id. Adding a check means adding it here. */
export const ALL_CHECKS: Check[] = [
  invalidSignatureAccepted,
  malformedSignatureAccepted,
  methodNotCovered,
  noBruteForceThrottling,
  plaintextTransport,
  processingBeforeVerification,
  timingDiscrepancy,
  unauthenticatedOperation,
  unsignedRequestAccepted,
  verificationBypassSwitch,
  verificationErrorLeak,
];

export function defaultRegistry(): CheckRegistry {
  return new CheckRegistry(ALL_CHECKS);
}
