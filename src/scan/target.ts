import type { SpecLocation } from '../model/finding.js';
import type { HttpRequest } from '../model/http.js';
import type { SignatureScheme } from '../schemes/types.js';

/**
 * How the spec secures an operation: a signature scheme sigprobe speaks, other
 * credentials (bearer, OAuth, API key), optional (`{}` among the alternatives), or none.
 */
export type SpecSecurityKind = 'signed' | 'credential' | 'optional' | 'none';

/** What the spec says about the operation an endpoint was built from. */
export interface OperationFacts {
  operationId?: string;
  method: string;
  pathTemplate: string;
  tags: string[];
  security: SpecSecurityKind;
  /** `security` was written on the operation (true) or inherited/absent (false). */
  securityExplicit: boolean;
  /** Names of the security schemes the operation may use, for messages. */
  schemeNames: string[];
  /** Names the operation requires that `securitySchemes` never defines. */
  undefinedSchemes: string[];
  /** Whether any other operation of the API is secured. */
  apiSecuresOthers: boolean;
  /** A path that answers webhook-like requests but is missing from the spec. */
  undocumented?: boolean;
  /** Where the security requirement in force is written (JSON pointer). */
  securityPointer: string;
  /**
   * Why the operation is not probed, when no probe could find anything or a probe
   * would be acted on by a correct server (a public write under --safe).
   */
  notProbed?: string;
  /**
   * Every method the spec documents on this path: each is scanned as its own
   * operation, with its own security, so another method's answer is not a bypass.
   */
  pathMethods?: string[];
  /** The same request URL with other path parameter values, when it has any. */
  variantUrl?: string;
  location(): SpecLocation;
}

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
  /** Set when the endpoint was built from an OpenAPI/Swagger operation. */
  spec?: OperationFacts;
  /** The endpoint's own scheme, when the spec names one other than the scan's. */
  scheme?: SignatureScheme;
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
