import type { HttpRequest } from '../model/http.js';

/** Parts of a request a signature can cover; the coverage map is built from these. */
export type RequestPart =
  'body' | 'method' | 'path' | 'query' | 'host' | 'timestamp' | 'id' | `header:${string}`;

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

  /** The signature texts a request carries, as written (for redaction and evidence). */
  signaturesOf(request: HttpRequest): string[];

  /** Whether the request carries a signature this secret made (constant-time compare). */
  verify(request: HttpRequest, secret: Buffer): boolean;

  /** Unix seconds of the request's own timestamp, when the scheme and request have one. */
  timestampOf(request: HttpRequest): number | undefined;

  /**
   * The request with its timestamp changed and its signature kept, or undefined when
   * the scheme has no timestamp. At L1 this is the only way to send an old timestamp.
   */
  withTimestamp(request: HttpRequest, timestamp: number): HttpRequest | undefined;

  /** Signature header values cut from a valid one: prefixes, empty list entries. */
  truncatedValues(signed: HttpRequest): MalformedVariant[];

  /**
   * Other ways a receiver might take a signature made with `secret`: a legacy or weaker
   * digest, an attacker-named algorithm, the signature moved to the query string.
   * Without a secret, only the moves that reuse the request's own signature.
   */
  alternates(request: HttpRequest, secret: Buffer | undefined): AlternateSignature[];

  /**
   * The request with bytes moved across a boundary between signed fields (id,
   * timestamp, body) such that the signed message, and so the signature, stays the
   * same. Empty when the scheme separates its fields unambiguously.
   */
  shiftedFields(request: HttpRequest): AlternateSignature[];

  /** A body in the scheme's own shape, sent when the user gives none (Adyen's batch). */
  exampleBody?(): Buffer;

  /**
   * The request with new event ids where the scheme knows where they are (inside each
   * batch item, say); otherwise the scan refreshes top-level id fields itself.
   */
  freshen?(request: HttpRequest): HttpRequest;
}

/** A request carrying the signature in another form than the scheme's own. */
export interface AlternateSignature {
  label: string;
  request: HttpRequest;
  /** True when a correct receiver of this scheme legitimately accepts it. */
  legitimate?: boolean;
}

/** Overrides a user can give for any scheme (`--header`, `--tag`, ...). */
export interface SchemeOverrides {
  signatureHeader?: string;
  timestampHeader?: string;
  idHeader?: string;
  tag?: string;
  /** AWS SigV4: "ACCESS_KEY_ID/region/service". */
  credential?: string;
  /** The template scheme's description (from --scheme-file). */
  template?: import('./template.js').TemplateConfig;
}
