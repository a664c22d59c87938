import { sameAnswer, isSuccess } from '../../analysis/fingerprint.js';
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
}

export interface BaselineSender {
  send(label: string, request: HttpRequest, kind: Exchange['signature']): Promise<Exchange>;
  forged(request?: HttpRequest): HttpRequest;
  unsigned(): HttpRequest;
  valid?(): HttpRequest;
}

export async function collectBaseline(sender: BaselineSender): Promise<Baseline> {
  const [forged, forgedAgain, unsigned, valid] = await Promise.all([
    sender.send('reference: wrong signature', sender.forged(), 'forged'),
    sender.send('reference: another wrong signature', sender.forged(), 'forged'),
    sender.send('reference: no signature', sender.unsigned(), 'none'),
    sender.valid ? sender.send('reference: valid signature', sender.valid(), 'valid') : undefined,
  ]);

  const uniform =
    isSuccess(forged) && isSuccess(unsigned) && sameAnswer(forged, unsigned) &&
    (!valid || sameAnswer(valid, forged));
  const baseline: Baseline = {
    forged,
    forgedAgain,
    unsigned,
    valid,
    uniform,
    bodyDependent: false,
    unstable: !sameAnswer(forged, forgedAgain),
  };

  // 202 Accepted says "queued": an answer that echoes the queued body proves parsing,
  // not acting, so on 202 receivers only an oracle can tell (lab: queue_echo_202).
  if (uniform && forged.response?.status !== 202) {
    const request = sender.unsigned();
    const variantBody = mutateBody(request);
    if (variantBody) {
      const variant = cloneRequest(request, { body: variantBody });
      baseline.bodyVariant = await sender.send('reference: no signature, other body values', variant, 'none');
      baseline.bodyDependent =
        baseline.bodyVariant.response !== undefined && !sameAnswer(baseline.bodyVariant, unsigned);
    }
  }
  return baseline;
}

/** The answer that stands for "rejected" on this endpoint, if any request got one. */
export function rejectionReference(baseline: Baseline): Exchange | undefined {
  if (baseline.forged.response && !isSuccess(baseline.forged)) return baseline.forged;
  if (baseline.unsigned.response && !isSuccess(baseline.unsigned)) return baseline.unsigned;
  return undefined;
}
