import { createHash } from 'node:crypto';
import type { Exchange } from '../model/http.js';

/**
 * What makes two responses "the same answer": status, the body with its dynamic
 * values masked, and the set of header names that are not per-response noise.
 */
export interface Fingerprint {
  status: number;
  body: string;
  headerNames: string;
}

// Headers whose presence varies between identical answers (caching, tracing, length).
const VOLATILE_HEADERS = new Set([
  'date',
  'content-length',
  'etag',
  'last-modified',
  'set-cookie',
  'age',
  'expires',
  'x-request-id',
  'x-correlation-id',
  'x-trace-id',
  'traceparent',
  'server-timing',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'vary',
  'cf-ray',
  'x-amzn-requestid',
]);

// Order matters: longer, more specific shapes are masked before the generic ones.
const MASKS: Array<[RegExp, string]> = [
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>'],
  [/\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?/g, '<time>'],
  [/\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT\b/g, '<time>'],
  [/\b[0-9a-f]{16,}\b/gi, '<hex>'],
  [/[A-Za-z0-9+/_-]{24,}={0,2}/g, '<token>'],
  [/\d+(\.\d+)?/g, '<n>'],
  [/\s+/g, ' '],
];

const BODY_LIMIT = 64 * 1024;

export function normaliseBody(body: Buffer): string {
  let text = body.subarray(0, BODY_LIMIT).toString('utf8');
  for (const [pattern, replacement] of MASKS) text = text.replace(pattern, replacement);
  return text.trim();
}

export function fingerprint(exchange: Exchange): Fingerprint | undefined {
  const response = exchange.response;
  if (!response) return undefined;
  const names = response.headers
    .map(([name]) => name.toLowerCase())
    .filter((name) => !VOLATILE_HEADERS.has(name) && !name.startsWith('x-ratelimit'));

  return {
    status: response.status,
    body: hash(normaliseBody(response.body)),
    headerNames: [...new Set(names)].sort().join(','),
  };
}

/** Same status and same normalised body; header sets may differ by noise. */
export function sameAnswer(a: Exchange, b: Exchange): boolean {
  const fa = fingerprint(a);
  const fb = fingerprint(b);
  return fa !== undefined && fb !== undefined && fa.status === fb.status && fa.body === fb.body;
}

/**
 * Same answer once each answer's echo of values that only its own request carried is
 * masked. Two freshly signed requests differ in their event ids; a receiver that
 * echoes the id would otherwise seem to answer them differently.
 */
export function sameAnswerBesidesOwnValues(a: Exchange, b: Exchange): boolean {
  if (!a.response || !b.response || a.response.status !== b.response.status) return false;
  const inA = new Set(requestValues(a));
  const inB = new Set(requestValues(b));
  const onlyA = [...inA].filter((value) => !inB.has(value));
  const onlyB = [...inB].filter((value) => !inA.has(value));
  const masked = (exchange: Exchange, values: string[]) => {
    let text = exchange.response!.body.subarray(0, BODY_LIMIT).toString('utf8');
    for (const value of values.sort((x, y) => y.length - x.length))
      text = text.replaceAll(value, '<own value>');
    return normaliseBody(Buffer.from(text));
  };
  return masked(a, onlyA) === masked(b, onlyB);
}

/** The string values of a request's JSON body worth masking (four characters or more). */
export function requestValues(exchange: Exchange): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(exchange.request.body.toString('utf8'));
  } catch {
    return [];
  }
  return leafStrings(parsed).filter((value) => value.length >= 4);
}

function leafStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(leafStrings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(leafStrings);
  return [];
}

export function isSuccess(exchange: Exchange): boolean {
  const status = exchange.response?.status;
  return status !== undefined && status >= 200 && status < 300;
}

export function isAuthRejection(exchange: Exchange): boolean {
  const status = exchange.response?.status;
  return status === 401 || status === 403;
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

// Words that make a 2xx answer a refusal (Slack-style `{"ok":false,"error":...}`).
const REFUSAL =
  /\b(error|invalid|unauthori[sz]ed|forbidden|denied|fail(ed|ure)?|mismatch)\b|"ok"\s*:\s*false|"success"\s*:\s*false/i;

/** A successful status whose body nonetheless reports an error. */
export function refusesInBody(exchange: Exchange): boolean {
  return (
    isSuccess(exchange) &&
    REFUSAL.test(exchange.response!.body.subarray(0, 4096).toString('utf8'))
  );
}
