import type { ComparisonPlan } from '../../analysis/timing/compare.js';
import type { HttpRequest } from '../../model/http.js';
import { cloneRequest, getHeader, withHeader } from '../../model/http.js';
import { digestLength } from '../../schemes/hmac.js';
import type { CheckContext } from '../types.js';

/** A comparison and its share of the timing budget (shares of one scan sum to 1). */
interface PlanShape {
  plan: Omit<ComparisonPlan, 'budget' | 'alpha'>;
  share: number;
}

const PATH_MARGIN_MICROS = 20;
const COMPARE_RESOLUTION_MICROS = 2;

/**
 * The request classes timing compares. Wrong-first vs wrong-last byte needs a real
 * signature to start from (L2): at L0 every forged signature is already wrong at its
 * first byte. Absent vs wrong and short vs right-length tell rejection paths apart;
 * a correct receiver skips the HMAC for an absent header, so those comparisons only
 * count a difference clearly above that cost (a 20 µs margin).
 */
export function timingPlans(context: CheckContext): PlanShape[] {
  const shapes: PlanShape[] = [];
  const forged = context.forged();

  if (context.hasSecret) {
    const signed = context.signed();
    const firstWrong = alterDigest(context, signed, 'first');
    const lastWrong = alterDigest(context, signed, 'last');
    if (firstWrong && lastWrong) {
      shapes.push({
        share: 0.65,
        plan: {
          name: 'wrong-last-byte vs wrong-first-byte',
          slow: { name: 'wrong-last-byte', request: lastWrong },
          fast: { name: 'wrong-first-byte', request: firstWrong },
          materialMicros: 0,
          resolutionMicros: COMPARE_RESOLUTION_MICROS,
        },
      });
    }
  }

  shapes.push({
    share: context.hasSecret ? 0.35 : 0.5,
    plan: {
      name: 'wrong vs absent signature',
      slow: { name: 'wrong-signature', request: forged },
      fast: { name: 'no-signature', request: context.unsigned() },
      materialMicros: PATH_MARGIN_MICROS,
      resolutionMicros: PATH_MARGIN_MICROS,
    },
  });
  const short = shortened(context, forged);
  if (!context.hasSecret && short) {
    shapes.push({
      share: 0.5,
      plan: {
        name: 'right-length vs short signature',
        slow: { name: 'right-length', request: forged },
        fast: { name: 'half-length', request: short },
        materialMicros: PATH_MARGIN_MICROS,
        resolutionMicros: PATH_MARGIN_MICROS,
      },
    });
  }
  return shapes;
}

/** Where the encoded digest sits in the signature header value. */
function digestSpan(
  context: CheckContext,
  value: string,
): { start: number; end: number } | undefined {
  const bytes = digestLength(context.scheme.digest);
  const pattern =
    context.scheme.encoding === 'hex'
      ? new RegExp(`[0-9a-fA-F]{${bytes * 2}}`)
      : new RegExp(`[A-Za-z0-9+/]{${Math.floor((bytes * 4) / 3)}}`);
  const match = pattern.exec(value);
  return match ? { start: match.index, end: match.index + match[0].length } : undefined;
}

/**
 * A copy of a signed request whose digest differs in one character: the first, or the
 * last character that holds only digest bits (so it changes a byte the receiver
 * compares). The value is concealed: it is all but one character of a real signature.
 */
function alterDigest(
  context: CheckContext,
  request: HttpRequest,
  where: 'first' | 'last',
): HttpRequest | undefined {
  const header = context.scheme.signatureHeader;
  const value = getHeader(request.headers, header);
  const span = value && digestSpan(context, value);
  if (!value || !span) return undefined;
  const index = where === 'first' ? span.start : span.end - 1;
  const original = value[index]!;
  const replacement =
    original === '0' ? '1' : original === 'A' ? 'B' : original === 'a' ? 'b' : '0';
  const altered = value.slice(0, index) + replacement + value.slice(index + 1);
  context.conceal(altered);
  return cloneRequest(request, { headers: withHeader(request.headers, header, altered) });
}

function shortened(context: CheckContext, forged: HttpRequest): HttpRequest | undefined {
  const header = context.scheme.signatureHeader;
  const value = getHeader(forged.headers, header);
  const span = value && digestSpan(context, value);
  if (!value || !span) return undefined;
  const half = span.start + Math.floor((span.end - span.start) / 2);
  const short = value.slice(0, half) + value.slice(span.end);
  return cloneRequest(forged, { headers: withHeader(forged.headers, header, short) });
}
