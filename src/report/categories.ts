/**
 * Which part of a signed-request defence each check tests. One table, so the score's
 * sub-scores, the reports and `explain` agree; a consistency test asserts that every
 * registered check appears here. Ids of checks still being written are listed too, so
 * the table is complete when they land.
 */
export const CATEGORIES = [
  'authentication',
  'signature-integrity',
  'replay',
  'information-leaks',
  'brute-force',
  'transport',
  'spec-conformance',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const CATEGORY_TITLES: Record<Category, string> = {
  authentication: 'Authentication',
  'signature-integrity': 'Signature integrity',
  replay: 'Replay',
  'information-leaks': 'Information leaks',
  'brute-force': 'Brute force',
  transport: 'Transport',
  'spec-conformance': 'Spec conformance',
};

export const CHECK_CATEGORIES: Readonly<Record<string, Category>> = {
  'alternate-signature-accepted': 'signature-integrity',
  'batch-item-unverified': 'signature-integrity',
  'canonicalisation-ambiguity': 'signature-integrity',
  'default-secret-accepted': 'brute-force',
  'invalid-signature-accepted': 'signature-integrity',
  'malformed-signature-accepted': 'signature-integrity',
  'method-not-covered': 'authentication',
  'no-brute-force-throttling': 'brute-force',
  'plaintext-transport': 'transport',
  'processing-before-verification': 'authentication',
  'replay-accepted': 'replay',
  'signature-truncation-accepted': 'signature-integrity',
  'spec-security-not-enforced': 'spec-conformance',
  'stale-timestamp-accepted': 'replay',
  'timing-discrepancy': 'information-leaks',
  'unauthenticated-operation': 'authentication',
  'undefined-security-scheme': 'spec-conformance',
  'unsigned-component-tamperable': 'signature-integrity',
  'unsigned-request-accepted': 'authentication',
  'verification-bypass-switch': 'authentication',
  'verification-error-leak': 'information-leaks',
  'weak-secret-crackable': 'brute-force',
};

export function categoryOf(checkId: string): Category | undefined {
  return CHECK_CATEGORIES[checkId];
}
