import { isSuccess, sameAnswer } from '../../analysis/fingerprint.js';
import type { Exchange } from '../../model/http.js';
import { cloneRequest } from '../../model/http.js';
import type { CheckContext } from '../types.js';

/** Methods that change state by their HTTP meaning (RFC 9110 §9.2.1: not "safe"). */
export function isStateChanging(method: string): boolean {
  return !['GET', 'HEAD', 'OPTIONS', 'TRACE'].includes(method.toUpperCase());
}

// Some APIs answer 200 with an error document; such an answer is no acceptance.
const AUTH_ERROR_WORDS = new RegExp(
  [
    'unauthori[sz]ed',
    'forbidden',
    'not authenticated',
    'authentication (is )?required',
    'login required',
    'invalid (token|credentials?|api key)',
    'missing (token|credentials?|api key)',
    'access denied',
  ].join('|'),
  'i',
);

export function looksLikeAuthError(exchange: Exchange): boolean {
  return AUTH_ERROR_WORDS.test(
    exchange.response?.body.subarray(0, 4096).toString('utf8') ?? '',
  );
}

export interface Acceptance {
  probes: Exchange[];
  basis: string;
  confidence: 'high' | 'medium';
}

/**
 * Proof that a request without credentials reached the operation's code, when every
 * request got the same successful answer whatever its credentials: the answer moves
 * with the unsigned body or the path values, an oracle changed, or an unauthenticated
 * read returned content. Without one of these nothing is claimed.
 */
export async function uniformAcceptance(
  context: CheckContext,
): Promise<Acceptance | undefined> {
  const baseline = await context.baseline();
  const { unsigned } = baseline;
  const judge = await context.judge();

  if (judge.references.oracle) {
    if (!unsigned.oracleChanged) return undefined;
    return {
      probes: [unsigned],
      basis: 'the oracle changed after the request without credentials',
      confidence: 'high',
    };
  }
  if (baseline.bodyDependent && baseline.bodyVariant) {
    return {
      probes: [unsigned, baseline.bodyVariant],
      basis:
        'two requests without credentials and with different body values got different ' +
        'successful answers',
      confidence: 'medium',
    };
  }

  const variantUrl = context.endpoint.spec?.variantUrl;
  if (variantUrl) {
    const request = cloneRequest(context.unsigned(), { url: variantUrl });
    const variant = await context.send('no credentials, other path values', request, 'none');
    if (isSuccess(variant) && !looksLikeAuthError(variant) && !sameAnswer(variant, unsigned)) {
      return {
        probes: [unsigned, variant],
        basis:
          'two requests without credentials for different path values got different ' +
          'successful answers',
        confidence: 'medium',
      };
    }
  }

  const method = context.endpoint.method;
  if ((method === 'GET' || method === 'HEAD') && (unsigned.response?.bodyBytes ?? 0) > 0) {
    const again = await context.send('no credentials (repeated)', unsigned.request, 'none');
    if (isSuccess(again) && !looksLikeAuthError(again)) {
      return {
        probes: [unsigned, again],
        basis: 'a read without credentials was answered with success and content, twice',
        confidence: 'medium',
      };
    }
  }
  return undefined;
}
