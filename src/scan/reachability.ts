import { sameAnswer } from '../analysis/fingerprint.js';
import type { Baseline } from '../checks/support/baseline.js';
import type { Scope } from '../http/scope.js';
import { getHeader } from '../model/http.js';
import type { Endpoint } from './target.js';

export type Assessment =
  | { kind: 'scannable' }
  | { kind: 'unscannable'; reason: string }
  | { kind: 'redirect'; url: string; note: string };

/**
 * Decides from the references whether the endpoint can be scanned at all: it answered,
 * it exists for this method, and it is not just a redirect to somewhere else. A
 * verdict on a 404 page or a redirect would be about the wrong thing.
 */
export function assessBaseline(
  baseline: Baseline,
  endpoint: Endpoint,
  scope: Scope,
): Assessment {
  const { forged, unsigned, valid } = baseline;
  const failed = [forged, unsigned].find((exchange) => !exchange.response);
  if (failed)
    return {
      kind: 'unscannable',
      reason: `could not be scanned: ${failed.error?.message ?? 'no response'}`,
    };

  const status = forged.response!.status;
  const alike = sameAnswer(forged, unsigned);
  // A receiver may answer 404 to every bad signature; a valid one shows it exists.
  if (status === 404 && unsigned.response!.status === 404 && !valid) {
    return {
      kind: 'unscannable',
      reason:
        'answers 404 Not Found; check the URL (or give the secret, if 404 is its rejection)',
    };
  }
  if (status === 405 && alike) {
    return {
      kind: 'unscannable',
      reason: `answers 405 Method Not Allowed to ${endpoint.method}; pass the method the sender uses with --method`,
    };
  }

  const location = getHeader(forged.response!.headers, 'location');
  if (status >= 300 && status < 400 && location && alike) {
    const url = new URL(location, endpoint.url);
    url.hash = '';
    const target = url.toString();
    if (target === endpoint.url)
      return { kind: 'unscannable', reason: `redirects to itself (HTTP ${status})` };
    if (!scope.allows(target)) {
      return {
        kind: 'unscannable',
        reason: `redirects (HTTP ${status}) to ${target}, outside the scan's scope; scan that URL or add --scope ${url.origin}`,
      };
    }
    if (status !== 307 && status !== 308 && endpoint.method !== 'GET') {
      return {
        kind: 'unscannable',
        reason: `redirects (HTTP ${status}) to ${target}, which turns ${endpoint.method} into GET; scan that URL directly`,
      };
    }
    return {
      kind: 'redirect',
      url: target,
      note: `redirects (HTTP ${status}) to ${target}; scanned that URL instead`,
    };
  }
  return { kind: 'scannable' };
}
