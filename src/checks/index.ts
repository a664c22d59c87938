import { defaultSecretAccepted } from './default-secret-accepted.js';
import { invalidSignatureAccepted } from './invalid-signature-accepted.js';
import { malformedSignatureAccepted } from './malformed-signature-accepted.js';
import { methodNotCovered } from './method-not-covered.js';
import { plaintextTransport } from './plaintext-transport.js';
import { processingBeforeVerification } from './processing-before-verification.js';
import { CheckRegistry } from './registry.js';
import type { Check } from './types.js';
import { unauthenticatedOperation } from './unauthenticated-operation.js';
import { unsignedRequestAccepted } from './unsigned-request-accepted.js';
import { verificationBypassSwitch } from './verification-bypass-switch.js';
import { weakSecretCrackable } from './weak-secret-crackable.js';

/** Every check, sorted by id. Adding a check means adding it here. */
export const ALL_CHECKS: Check[] = [
  defaultSecretAccepted,
  invalidSignatureAccepted,
  malformedSignatureAccepted,
  methodNotCovered,
  plaintextTransport,
  processingBeforeVerification,
  unauthenticatedOperation,
  unsignedRequestAccepted,
  verificationBypassSwitch,
  weakSecretCrackable,
];

export function defaultRegistry(): CheckRegistry {
  return new CheckRegistry(ALL_CHECKS);
}
