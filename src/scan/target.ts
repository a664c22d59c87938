import type { HttpRequest } from '../model/http.js';

/** One endpoint to scan: the request a legitimate sender would make, unsigned. */
export interface Endpoint {
  method: string;
  url: string;
  /** Headers every probe carries (content type, and any the user added). */
  headers: Array<[string, string]>;
  body: Buffer;
  /** `operationId` or "METHOD /path" when the endpoint comes from a spec. */
  operation?: string;
  /** Why sigprobe believes this endpoint is meant to be signed, if it does. */
  signingEvidence?: string;
  /** The captured, validly signed request this endpoint came from (L1). */
  sample?: HttpRequest;
}

export function endpointRequest(endpoint: Endpoint): HttpRequest {
  return {
    method: endpoint.method,
    url: endpoint.url,
    headers: endpoint.headers.map(([k, v]) => [k, v] as [string, string]),
    body: endpoint.body,
  };
}

export function endpointKey(endpoint: Endpoint): string {
  return `${endpoint.method} ${endpoint.url}`;
}
