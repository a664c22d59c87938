import { isAuthRejection } from '../analysis/fingerprint.js';
import { cloneRequest } from '../model/http.js';
import type { Exchange } from '../model/http.js';
import { excerpt } from '../report/evidence.js';
import { isJsonRequest } from './support/body-variants.js';
import { OWASP } from './support/owasp.js';
import type { Check } from './types.js';

// Statuses that mean "your body was read and judged": not auth, not routing, not limits.
const LOGIC_STATUSES = new Set([400, 404, 409, 410, 422, 500]);
const BODY_WORDS =
  /json|pars|decod|field|required|missing|invalid|expected|schema|validat|not found|unknown/i;

/**
 * Wrong-signature requests whose bodies are broken (unparseable, or valid JSON with
 * nothing in it). A verifier that runs first answers them like any wrong signature; a
 * body error instead shows the body was parsed and judged before the signature.
 */
export const processingBeforeVerification: Check = {
  meta: {
    id: 'processing-before-verification',
    title: 'The body is processed before the signature is checked',
    proves:
      'an unsigned or wrongly signed request gets a body, parsing or lookup error instead of an authentication error',
    severity: 'high',
    cwe: [696],
    owasp: OWASP.brokenAuthentication,
    level: 'L0',
    remediation: 'verify-before-processing',
    sends: ['forged'],
    subsumedBy: [
      'unsigned-request-accepted',
      'invalid-signature-accepted',
      'unauthenticated-operation',
    ],
  },

  skip(context) {
    return isJsonRequest(context.unsigned()) ? undefined : 'the endpoint body is not JSON';
  },

  async run(context) {
    const base = context.unsigned();
    const variants: Array<[string, Buffer]> = [
      ['unparseable JSON body', Buffer.from('{"sigprobe": ')],
      ['empty JSON object', Buffer.from('{}')],
    ];
    const probes = await Promise.all(
      variants.map(([label, body]) =>
        context.send(
          `wrong signature, ${label}`,
          context.forged(cloneRequest(base, { body })),
          'forged',
        ),
      ),
    );

    const judge = await context.judge();
    const reference = (await context.baseline()).forged;
    if (!judge.canJudge || !reference.response) return [];
    const reached = probes.filter((probe) => reachedLogic(probe, reference));
    if (!reached.length) return [];
    const first = reached[0]!;
    const status = first.response?.status;
    const talksAboutBody = reached.some((probe) =>
      BODY_WORDS.test(excerpt(probe.response!.body)),
    );

    return [
      {
        message:
          `A wrong-signature request with a broken body got HTTP ${status} ` +
          `${quote(first.response!.body)} instead of the authentication rejection ` +
          `(HTTP ${reference.response.status}) every wrong signature should get.`,
        basis:
          `HTTP ${status} differs from the wrong-signature reference (HTTP ${reference.response.status})` +
          (talksAboutBody ? ' and the answer talks about the body' : ''),
        confidence: isAuthRejection(reference) && talksAboutBody ? 'high' : 'medium',
        probes: reached,
        references: [reference],
      },
    ];
  },
};

function reachedLogic(probe: Exchange, reference: Exchange): boolean {
  const status = probe.response?.status;
  if (status === undefined || !LOGIC_STATUSES.has(status)) return false;
  if (status === reference.response?.status) {
    // Same status as the rejection (a 400 for bad signatures, say): only a body that
    // talks about the payload, unlike the reference's, shows the body was judged.
    const text = excerpt(probe.response!.body);
    return (
      text !== excerpt(reference.response.body) &&
      BODY_WORDS.test(text) &&
      !BODY_WORDS.test(excerpt(reference.response.body))
    );
  }
  return true;
}

/** A short, single-line quotation of an answer for a message. */
function quote(body: Buffer): string {
  const text = excerpt(body).replace(/\s+/g, ' ').trim();
  return `(answer: ${text.length > 120 ? `${text.slice(0, 120)}…` : text || 'empty'})`;
}
