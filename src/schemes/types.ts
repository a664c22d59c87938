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

/**
 * What offline cracking needs from one signed request: the exact bytes that were
 * signed, the digests received, and how a candidate secret becomes the HMAC key
 * (identity for most schemes; base64 for `whsec_` secrets; a derivation chain for
 * AWS SigV4). Built once per sample so the per-candidate loop does only HMACs.
 */
export interface CrackMaterial {
  message: Buffer;
  digest: Digest;
  /** Decoded digests from the request; a candidate matching any of them wins. */
  signatures: Buffer[];
  /** The HMAC key for a candidate secret, or undefined when the candidate cannot be one. */
  keyFor(candidate: Buffer): Buffer | undefined;
}

/** A malformed signature header value and what makes it malformed. */
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

  /** Material for offline cracking from a captured signed request, if it carries one. */
  crackMaterial(request: HttpRequest): CrackMaterial | undefined;
}

/** Overrides a user can give for any scheme (`--header`, `--tag`, ...). */
export interface SchemeOverrides {
  signatureHeader?: string;
  timestampHeader?: string;
  idHeader?: string;
  tag?: string;
}
