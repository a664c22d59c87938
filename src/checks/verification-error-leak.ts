import { isSuccess } from '../analysis/fingerprint.js';
import type { Exchange, HttpRequest } from '../model/http.js';
import { cloneRequest, getHeader, withHeader } from '../model/http.js';
import { severityRank } from '../model/severity.js';
import type { Severity } from '../model/severity.js';
import { mutateBody } from './support/body-variants.js';
import {
  digestCandidates,
  quote,
  responseText,
  traceAndDetailHits,
} from './support/leak-detectors.js';
import type { DigestCandidate } from './support/leak-detectors.js';
import { OWASP } from './support/owasp.js';
import type { Check, CheckContext, FindingDraft } from './types.js';

interface Leak {
  severity: Severity;
  sentence: string;
  exchanges: Exchange[];
  proven?: boolean;
}

/**
 * Reads every rejection already sent to the endpoint (passive phase) for what it
 * gives away. Sends requests only to settle a digest-shaped value (resend, and vary
 * the body) and, when no check sent malformed headers, the scheme's malformed ones.
 */
export const verificationErrorLeak: Check = {
  meta: {
    id: 'verification-error-leak',
    title: 'Rejection reveals what a forger needs',
    proves:
      'a rejected request was answered with the expected signature, the secret, a stack ' +
      'trace or debug page, or how much of the signature matched',
    severity: 'medium',
    cwe: [209, 203],
    owasp: OWASP.misconfiguration,
    level: 'L0',
    remediation: 'generic-rejection',
    sends: ['forged', 'malformed', 'resend-signed'],
    profile: 'quick',
    phase: 'passive',
  },

  async run(context) {
    if (!context.exchanges().some((e) => e.signature === 'malformed'))
      await sendMalformed(context);
    const rejections = context.exchanges().filter((e) => e.response && !isSuccess(e));
    const leaks: Leak[] = [];
    const seen = new Set<string>();

    for (const exchange of rejections) {
      const text = responseText(exchange);
      const secret = context.secretIn(text);
      if (secret && !seen.has('secret')) {
        seen.add('secret');
        const what = secret.prefix
          ? `the first ${secret.length} characters of the secret`
          : 'the secret';
        leaks.push({
          severity: 'critical',
          sentence:
            `the answer to "${exchange.label}" contains ${what}: ` +
            `"${quote(text, secret.index, secret.length)}"`,
          exchanges: [exchange],
        });
      }
      for (const hit of traceAndDetailHits(text)) {
        // One quote per kind of leak is enough; the rest only repeat it.
        if (seen.has(hit.what)) continue;
        seen.add(hit.what);
        leaks.push({
          severity: hit.severity,
          sentence:
            `the answer to "${exchange.label}" (HTTP ${exchange.response?.status}) shows ` +
            `${hit.what}: "${quote(text, hit.index, hit.length)}"`,
          exchanges: [exchange],
        });
      }
    }

    const echo = await settleDigestEcho(context, rejections);
    if (echo) leaks.push(echo);
    return leaks.length ? [draft(leaks)] : [];
  },
};

async function sendMalformed(context: CheckContext): Promise<void> {
  const forged = context.forged();
  const variants = context.scheme.malformedValues(forged).slice(0, 3);
  for (const variant of variants) {
    const request = cloneRequest(forged, {
      headers: withHeader(forged.headers, context.scheme.signatureHeader, variant.value),
    });
    await context.send(`malformed signature (${variant.label})`, request, 'malformed');
  }
}

/**
 * A digest-shaped value only counts once it behaves like the expected signature:
 * accepted when sent back (proof), or else the same for the same request and
 * different for a different body (a request id changes every time; a build hash never
 * changes). Anything else is dropped as an unrelated id.
 */
async function settleDigestEcho(
  context: CheckContext,
  rejections: Exchange[],
): Promise<Leak | undefined> {
  const { digest, encoding } = context.scheme;
  const exchange = rejections.find(
    (e) => e.signature === 'forged' && digestCandidates(e, digest, encoding).length > 0,
  );
  if (!exchange) return undefined;
  const candidates = ordinals(digestCandidates(exchange, digest, encoding)).slice(0, 3);
  for (const { candidate } of candidates) context.conceal(candidate.token);
  const text = responseText(exchange);
  const shown = (c: DigestCandidate) => quote(text, c.index, c.token.length);

  if (!context.safe) {
    for (const { candidate } of candidates) {
      const resend = withDigest(context, exchange.request, candidate.token);
      if (!resend) continue;
      const sent = await context.send(
        'the value from the rejection, sent back as the signature',
        resend,
        'altered',
      );
      if ((await context.verdict(sent)).outcome !== 'accepted') continue;
      const again = await context.confirm(sent);
      if (!again) continue;
      return {
        severity: 'critical',
        proven: true,
        sentence:
          `the answer to "${exchange.label}" carries the expected signature in its ` +
          `${candidate.where} ` +
          `("${shown(candidate)}"), and that value was accepted when sent back, twice`,
        exchanges: [exchange, sent, again],
      };
    }
  }

  const variantBody = mutateBody(exchange.request);
  if (!variantBody) return undefined;
  const same = await context.send(
    `${exchange.label} (again, to compare the echoed value)`,
    exchange.request,
    'forged',
  );
  const other = await context.send(
    'wrong signature, other body (to compare the echoed value)',
    context.forged(cloneRequest(exchange.request, { body: variantBody })),
    'forged',
  );
  const sameSpots = ordinals(digestCandidates(same, digest, encoding));
  const otherSpots = ordinals(digestCandidates(other, digest, encoding));
  for (const { candidate, spot } of candidates) {
    const repeat = sameSpots.find((s) => s.spot === spot)?.candidate;
    const varied = otherSpots.find((s) => s.spot === spot)?.candidate;
    if (repeat?.token !== candidate.token || !varied || varied.token === candidate.token)
      continue;
    context.conceal(varied.token);
    return {
      severity: 'high',
      sentence:
        `the answer to "${exchange.label}" carries a digest-length value the request did ` +
        `not contain ("${shown(candidate)}"), the same for the same request and different ` +
        'for another body, as the ' +
        `expected signature would be${context.safe ? ' (not sent back: --safe)' : ''}`,
      exchanges: [exchange, same, other],
    };
  }
  return undefined;
}

/** Candidates keyed by where they sit and their order there, to match across answers. */
function ordinals(
  candidates: DigestCandidate[],
): Array<{ candidate: DigestCandidate; spot: string }> {
  const counts = new Map<string, number>();
  return candidates.map((candidate) => {
    const n = counts.get(candidate.where) ?? 0;
    counts.set(candidate.where, n + 1);
    return { candidate, spot: `${candidate.where}#${n}` };
  });
}

/** The request with its signature header's digest replaced by `token`. */
function withDigest(
  context: CheckContext,
  request: HttpRequest,
  token: string,
): HttpRequest | undefined {
  const header = context.scheme.signatureHeader;
  const value = getHeader(request.headers, header);
  if (!value) return undefined;
  const current = digestCandidatesIn(value, context);
  if (!current) return undefined;
  const replaced = value.replace(current, token);
  return cloneRequest(request, { headers: withHeader(request.headers, header, replaced) });
}

function digestCandidatesIn(value: string, context: CheckContext): string | undefined {
  const pattern =
    context.scheme.encoding === 'hex' ? /[0-9a-fA-F]{40,128}/ : /[A-Za-z0-9+/]{27,88}={0,2}/;
  return pattern.exec(value)?.[0];
}

function draft(leaks: Leak[]): FindingDraft {
  leaks.sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
  const top = leaks[0]!;
  const others = leaks.slice(1, 4).map((leak) => leak.sentence);
  const probes = [
    ...new Map(leaks.flatMap((l) => l.exchanges).map((e) => [e.id, e])).values(),
  ].slice(0, 5);
  return {
    message:
      `A rejection gives away what a forger needs: ${top.sentence}.` +
      (others.length ? ` Also: ${others.join('; ')}.` : ''),
    basis: top.proven
      ? 'the value quoted from the rejection was accepted as the signature in this run'
      : 'the quoted text is in the rejected answer and was not in the request',
    confidence: top.proven || top.severity !== 'high' ? 'high' : 'medium',
    severity: top.severity,
    probes,
    details: { leaks: leaks.length, proven: Boolean(top.proven) },
  };
}
