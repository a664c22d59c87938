import type { HttpRequest } from '../model/http.js';

/** Parts of a request a signature can cover; the coverage map is built from these. */
export type RequestPart =
  | 'body'
  | 'method'
  | 'path'
  | 'query'
  | 'host'
  | 'timestamp'
  | 'id'
  | `header:${string}`;

export type Digest = 'sha1' | 'sha256' | 'sha512';
export type Encoding = 'hex' | 'base64';

export interface SignOptions {
  secret: Buffer;
  /** Unix seconds; schemes without a timestamp ignore it. */
  timestamp?: number;
  /** Message/delivery id; schemes without one ignore it. */
  id?: string;
}

/** The signature header's value split into what sits around the digest. */
export interface MalformedVariant {
  label: string;
  /** The signature header value to send, or undefined to send the header empty. */
  value: string;
}

/**
 * A signature scheme as sigprobe uses it. A scheme knows where its signature and
 * companions travel, how to sign a request with a secret, and what it covers. At L0
 * sigprobe "forges" by signing with a random secret: a well-formed, wrong signature.
 */
export interface SignatureScheme {
  readonly id: string;
  readonly title: string;
  readonly signatureHeader: string;
  readonly timestampHeader?: string;
  readonly idHeader?: string;
  readonly digest: Digest;
  readonly encoding: Encoding;
  readonly covers: readonly RequestPart[];
  /** Replay window the vendor's own libraries use, in seconds. */
  readonly windowSeconds?: number;

  /** Whether a captured request carries this scheme's headers. */
  detect(request: HttpRequest): boolean;

  /** The request with this scheme's signature (and timestamp/id) headers set. */
  sign(request: HttpRequest, options: SignOptions): HttpRequest;

  /** The request without any of this scheme's headers. */
  strip(request: HttpRequest): HttpRequest;

  /** Values that break the header's format in the ways receivers mishandle. */
  malformedValues(signed: HttpRequest): MalformedVariant[];
}

/** Overrides a user can give for any scheme (`--header`, `--tag`, ...). */
export interface SchemeOverrides {
  signatureHeader?: string;
  timestampHeader?: string;
  idHeader?: string;
  tag?: string;
}
