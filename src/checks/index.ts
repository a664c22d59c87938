import { alternateSignatureAccepted } from './alternate-signature-accepted.js';
import { batchItemUnverified } from './batch-item-unverified.js';
import { canonicalisationAmbiguity } from './canonicalisation-ambiguity.js';
import { defaultSecretAccepted } from './default-secret-accepted.js';
import { invalidSignatureAccepted } from './invalid-signature-accepted.js';
import { malformedSignatureAccepted } from './malformed-signature-accepted.js';
import { methodNotCovered } from './method-not-covered.js';
import { noBruteForceThrottling } from './no-brute-force-throttling.js';
import { plaintextTransport } from './plaintext-transport.js';
import { processingBeforeVerification } from './processing-before-verification.js';
import { timingDiscrepancy } from './timing-discrepancy.js';
import { CheckRegistry } from './registry.js';
import { replayAccepted } from './replay-accepted.js';
import { signatureTruncationAccepted } from './signature-truncation-accepted.js';
import { staleTimestampAccepted } from './stale-timestamp-accepted.js';
import type { Check } from './types.js';
import { unauthenticatedOperation } from './unauthenticated-operation.js';
import { unsignedComponentTamperable } from './unsigned-component-tamperable.js';
import { specSecurityNotEnforced } from './spec-security-not-enforced.js';
import { undefinedSecurityScheme } from './undefined-security-scheme.js';
import { unsignedRequestAccepted } from './unsigned-request-accepted.js';
import { verificationErrorLeak } from './verification-error-leak.js';
import { verificationBypassSwitch } from './verification-bypass-switch.js';
import { weakSecretCrackable } from './weak-secret-crackable.js';

/** Every check, sorted by id. Adding a check means adding it here. */
export const ALL_CHECKS: Check[] = [
  alternateSignatureAccepted,
  batchItemUnverified,
  canonicalisationAmbiguity,
  defaultSecretAccepted,
  invalidSignatureAccepted,
  malformedSignatureAccepted,
  methodNotCovered,
  noBruteForceThrottling,
  plaintextTransport,
  processingBeforeVerification,
  replayAccepted,
  signatureTruncationAccepted,
  staleTimestampAccepted,
  timingDiscrepancy,
  unauthenticatedOperation,
  unsignedComponentTamperable,
  specSecurityNotEnforced,
  undefinedSecurityScheme,
  unsignedRequestAccepted,
  verificationBypassSwitch,
  weakSecretCrackable,
  verificationErrorLeak,
].sort((a, b) => a.meta.id.localeCompare(b.meta.id));

export function defaultRegistry(): CheckRegistry {
  return new CheckRegistry(ALL_CHECKS);
}
