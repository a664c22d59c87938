import type { Judge } from '../../analysis/judge.js';
import type { Exchange, HttpRequest } from '../../model/http.js';
import type { CheckContext } from '../types.js';

/** Skip reason for checks that need a validly signed request: a sample or the secret. */
export function needsSignedRequest(context: CheckContext): string | undefined {
  if (context.safe) return '--safe: it resends validly signed requests';
  if (!context.sign && !context.sample)
    return 'needs a captured signed request (--sample, L1) or the secret (L2)';
  return undefined;
}

/**
 * A validly signed request to alter: at L2 a fresh one (new event ids, so a receiver
 * that dedupes judges it on its signature), at L1 the captured sample itself.
 */
export function signedRequest(
  context: CheckContext,
  options?: { timestamp?: number },
): HttpRequest {
  if (context.sign) return context.sign(context.fresh(), options);
  return context.sample!;
}

export interface SignedFooting {
  judge: Judge;
  accepted: Exchange;
}

/**
 * The accepted reference and a judge that can tell it from a rejection, or undefined
 * with a note saying why the check could not decide. Never a guess.
 */
export async function signedFooting(
  context: CheckContext,
  checkId: string,
): Promise<SignedFooting | undefined> {
  const judge = await context.judge();
  const accepted = await context.acceptedReference();
  if (!accepted) {
    context.note(
      context.sign
        ? `${checkId}: the freshly signed reference request was not accepted, so there is nothing to compare with; check the secret and --scheme.`
        : `${checkId}: the captured sample was not accepted when resent (an expired timestamp or replay protection does that), so there is no accepted reference; give the secret (L2) to sign fresh requests.`,
    );
    return undefined;
  }
  if (!judge.canJudge) return undefined;
  return { judge, accepted };
}
