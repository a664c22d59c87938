/**
 * Requests and responses as sigprobe keeps them: raw bytes and ordered headers, so
 * the body sent is exactly the bytes that were signed and evidence shows the wire.
 */

export type HeaderList = Array<[name: string, value: string]>;

export interface HttpRequest {
  method: string;
  url: string;
  headers: HeaderList;
  body: Buffer;
}

export interface HttpResponse {
  status: number;
  headers: HeaderList;
  /** At most the engine's cap; `truncated` says whether more was discarded. */
  body: Buffer;
  bodyBytes: number;
  truncated: boolean;
}

/** How the request's signature was made, for evidence and redaction. */
export type SignatureKind = 'none' | 'forged' | 'malformed' | 'valid' | 'altered';

export interface Exchange {
  id: number;
  label: string;
  checkId?: string;
  signature: SignatureKind;
  request: HttpRequest;
  response?: HttpResponse;
  error?: { code: string; message: string };
  startedAt: number;
  ttfbMs?: number;
  totalMs?: number;
  /** Set when an oracle was read after this exchange. */
  oracleChanged?: boolean;
}

export function getHeader(headers: HeaderList, name: string): string | undefined {
  const lower = name.toLowerCase();
  return headers.find(([key]) => key.toLowerCase() === lower)?.[1];
}

export function withoutHeaders(headers: HeaderList, names: readonly string[]): HeaderList {
  const drop = new Set(names.map((name) => name.toLowerCase()));
  return headers.filter(([key]) => !drop.has(key.toLowerCase()));
}

export function withHeader(headers: HeaderList, name: string, value: string): HeaderList {
  return [...withoutHeaders(headers, [name]), [name, value]];
}

export function cloneRequest(
  request: HttpRequest,
  changes: Partial<HttpRequest> = {},
): HttpRequest {
  return {
    method: changes.method ?? request.method,
    url: changes.url ?? request.url,
    headers: changes.headers ?? request.headers.map(([k, v]) => [k, v] as [string, string]),
    body: changes.body ?? request.body,
  };
}
