import { isSuccess, refusesInBody, sameAnswer } from '../../analysis/fingerprint.js';
import type { Exchange, HttpRequest } from '../../model/http.js';
import { cloneRequest } from '../../model/http.js';
import { mutateBody } from './body-variants.js';

/**
 * The references every check on an endpoint is judged against, sent once per
 * endpoint and shared: two different wrong signatures, no signature at all and, when
 * a secret is known, a valid signature.
 */
export interface Baseline {
  forged: Exchange;
  forgedAgain: Exchange;
  unsigned: Exchange;
  valid?: Exchange;
  /** Every reference got the same successful answer: status cannot tell. */
  uniform: boolean;
  /**
   * Only when uniform: an unsigned request with other body values, whose answer
   * differs, proving the unsigned body reached the code that answers.
   */
  bodyVariant?: Exchange;
  bodyDependent: boolean;
  /** The two wrong-signature answers differ: the endpoint is noisy. */
  unstable: boolean;
  /**
   * The validly signed reference was answered like a wrong signature: the secret,
   * scheme or header is not the endpoint's. It is then not used as a reference.
   */
  validRejected: boolean;
  /** The validly signed request as sent, even when it is not used as a reference. */
  validSent?: Exchange;
}

export interface BaselineSender {
  send(label: string, request: HttpRequest, kind: Exchange['signature']): Promise<Exchange>;
  forged(request?: HttpRequest): HttpRequest;
  unsigned(): HttpRequest;
  valid?(): HttpRequest;
  /** How the valid reference was made, for its label. */
  validLabel?: string;
}

export async function collectBaseline(sender: BaselineSender): Promise<Baseline> {
  const [forged, forgedAgain, unsigned, valid] = await Promise.all([
    sender.send('reference: wrong signature', sender.forged(), 'forged'),
    sender.send('reference: another wrong signature', sender.forged(), 'forged'),
    sender.send('reference: no signature', sender.unsigned(), 'none'),
    sender.valid
      ? sender.send(sender.validLabel ?? 'reference: valid signature', sender.valid(), 'valid')
      : undefined,
  ]);

  // A valid reference only helps when it passed where a wrong signature did not. If it
  // got the wrong signature's answer (a wrong secret or header), or failed while the
  // wrong signature succeeded (an inverted verifier), L0 logic judges instead.
  const inverted = valid !== undefined && isSuccess(forged) && !isSuccess(valid);
  const validRejected =
    valid?.response !== undefined && (sameAnswer(valid, forged) || inverted);
  const working = validRejected ? undefined : valid;
  const uniform =
    isSuccess(forged) &&
    isSuccess(unsigned) &&
    sameAnswer(forged, unsigned) &&
    (!working || sameAnswer(working, forged));
  const baseline: Baseline = {
    forged,
    forgedAgain,
    unsigned,
    valid: working,
    uniform,
    bodyDependent: false,
    unstable: !sameAnswer(forged, forgedAgain),
    validRejected,
    validSent: valid,
  };

  // 202 Accepted says "queued": an answer that echoes the queued body proves parsing,
  // not acting, so on 202 receivers only an oracle can tell (lab: queue_echo_202).
  if (uniform && forged.response?.status !== 202) {
    const request = sender.unsigned();
    const variantBody = mutateBody(request);
    if (variantBody) {
      const variant = cloneRequest(request, { body: variantBody });
      baseline.bodyVariant = await sender.send(
        'reference: no signature, other body values',
        variant,
        'none',
      );
      baseline.bodyDependent =
        baseline.bodyVariant.response !== undefined &&
        !sameAnswer(baseline.bodyVariant, unsigned);
    }
  }
  return baseline;
}

/**
 * The answer that stands for "rejected" on this endpoint, if any request got one: the
 * wrong signature when a valid one is answered differently or it failed outright; a
 * 2xx that reports an error in its body (Slack-style APIs answer 200 to everything);
 * else the unsigned request, when only that was refused.
 */
export function rejectionReference(baseline: Baseline): Exchange | undefined {
  const { forged, unsigned, valid } = baseline;
  if (!forged.response) return undefined;
  if (valid?.response && !sameAnswer(valid, forged)) return forged;
  if (!isSuccess(forged)) return forged;
  if (refusesInBody(forged) && !sameAnswer(forged, unsigned) && !refusesInBody(unsigned))
    return forged;
  if (unsigned.response && !isSuccess(unsigned)) return unsigned;
  return undefined;
}
