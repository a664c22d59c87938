import type { EvidenceExchange } from '../model/finding.js';
import type { Exchange } from '../model/http.js';
import type { Redactor } from './redact.js';

const EXCERPT_CHARS = 600;

export function toEvidence(
  exchange: Exchange,
  role: EvidenceExchange['role'],
  redactor: Redactor,
): EvidenceExchange {
  const { request, response } = exchange;
  const redactHeaders = (headers: Array<[string, string]>) =>
    headers.map(([name, value]) => [name, redactor.text(value)] as [string, string]);

  return {
    exchangeId: exchange.id,
    role,
    label: exchange.label,
    request: {
      method: request.method,
      url: redactor.text(request.url),
      headers: redactHeaders(request.headers),
      bodyExcerpt: redactor.text(excerpt(request.body)),
      bodyBytes: request.body.length,
    },
    response: response && {
      status: response.status,
      headers: redactHeaders(response.headers),
      bodyExcerpt: redactor.text(excerpt(response.body)),
      bodyBytes: response.bodyBytes,
      truncated: response.truncated,
    },
    error: exchange.error && `${exchange.error.code}: ${exchange.error.message}`,
    timeMs:
      exchange.totalMs === undefined ? undefined : Math.round(exchange.totalMs * 100) / 100,
  };
}

export function excerpt(body: Buffer): string {
  // Control characters would garble a terminal or a report; show them as dots.
  const raw = body.subarray(0, EXCERPT_CHARS * 4).toString('utf8');
  // eslint-disable-next-line no-control-regex
  const text = raw.replace(/[\0-\x08\x0b\x0c\x0e-\x1f]/g, '.');
  return text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS)}…` : text;
}
