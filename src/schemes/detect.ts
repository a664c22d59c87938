import type { HttpRequest } from '../model/http.js';
import { getHeader } from '../model/http.js';
import { createScheme } from './registry.js';
import type { SchemeOverrides, SignatureScheme } from './types.js';

/**
 * The order schemes are tried in: the most specific headers first, so that a request
 * carrying several signature-like headers is named by the one only its scheme uses.
 * GitHub's legacy header, Intercom's, is the same construction as github-sha1.
 */
const DETECTION_ORDER = [
  'aws-sigv4',
  'stripe',
  'standard-webhooks',
  'slack',
  'zoom',
  'twitch',
  'twilio',
  'square',
  'shopify',
  'pagerduty',
  'github',
  'github-sha1',
  'intercom',
  'adyen',
  'mailgun',
  'plain',
];

export interface Detection {
  scheme: SignatureScheme;
  /** Every scheme whose headers the request carries, best first. */
  candidates: string[];
  /** With a secret: whether the signature verifies under the chosen scheme. */
  confirmed?: boolean;
}

/**
 * Names the scheme of a captured request. With a secret, a candidate whose signature
 * verifies wins over one that only looks right (GitHub's and Intercom's headers, or
 * an in-house copy of Slack's algorithm under the Slack header, say).
 */
export function detectScheme(
  request: HttpRequest,
  secret?: Buffer,
  overrides: SchemeOverrides = {},
): Detection | undefined {
  const schemes = DETECTION_ORDER.map((id) => createScheme(id, overrides)).filter((scheme) =>
    scheme.detect(request),
  );
  if (schemes.length === 0) return undefined;
  const candidates = schemes.map((scheme) => scheme.id);
  if (secret) {
    const verified = schemes.find((scheme) => scheme.verify(request, secret));
    if (verified) return { scheme: verified, candidates, confirmed: true };
    return { scheme: preferred(schemes, request), candidates, confirmed: false };
  }
  return { scheme: preferred(schemes, request), candidates };
}

/** GitHub's legacy header alone is GitHub's when GitHub's event header is present. */
function preferred(schemes: SignatureScheme[], request: HttpRequest): SignatureScheme {
  const ids = schemes.map((scheme) => scheme.id);
  if (ids[0] === 'github-sha1' && !getHeader(request.headers, 'X-GitHub-Event')) {
    return schemes.find((scheme) => scheme.id === 'intercom') ?? schemes[0]!;
  }
  return schemes[0]!;
}
