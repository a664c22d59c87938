import { randomBytes } from 'node:crypto';
import { cloneRequest, getHeader, withHeader, withoutHeaders } from '../model/http.js';
import type { HttpRequest } from '../model/http.js';
import { digestLength, encode, hmac } from './hmac.js';
import type {
  CrackMaterial, Digest, Encoding, MalformedVariant, RequestPart, SignatureScheme, SignOptions,
} from './types.js';

export interface BodyHeaderConfig {
  id: string;
  title: string;
  signatureHeader: string;
  /** Text before the digest, such as `sha256=`; empty for a bare digest. */
  prefix: string;
  digest: Digest;
  encoding: Encoding;
  /** Other headers this scheme sends (a legacy digest, say) that also identify it. */
  relatedHeaders?: string[];
}

/**
 * The family of schemes that put one digest of the raw body in one header, with an
 * optional algorithm tag: the seed's plain form, GitHub, Shopify and their kin.
 */
export class BodyHeaderScheme implements SignatureScheme {
  readonly id: string;
  readonly title: string;
  readonly signatureHeader: string;
  readonly digest: Digest;
  readonly encoding: Encoding;
  readonly covers: readonly RequestPart[] = ['body'];
  readonly prefix: string;
  readonly #related: string[];

  constructor(config: BodyHeaderConfig) {
    this.id = config.id;
    this.title = config.title;
    this.signatureHeader = config.signatureHeader;
    this.prefix = config.prefix;
    this.digest = config.digest;
    this.encoding = config.encoding;
    this.#related = config.relatedHeaders ?? [];
  }

  detect(request: HttpRequest): boolean {
    const value = getHeader(request.headers, this.signatureHeader);
    return value !== undefined && value.startsWith(this.prefix);
  }

  sign(request: HttpRequest, options: SignOptions): HttpRequest {
    const value = this.prefix + encode(hmac(this.digest, options.secret, request.body), this.encoding);
    return cloneRequest(request, { headers: withHeader(request.headers, this.signatureHeader, value) });
  }

  strip(request: HttpRequest): HttpRequest {
    const names = [this.signatureHeader, ...this.#related];
    return cloneRequest(request, { headers: withoutHeaders(request.headers, names) });
  }

  crackMaterial(request: HttpRequest): CrackMaterial | undefined {
    const value = getHeader(request.headers, this.signatureHeader);
    if (value === undefined || !value.startsWith(this.prefix)) return undefined;
    const signature = Buffer.from(value.slice(this.prefix.length), this.encoding);
    if (signature.length !== digestLength(this.digest)) return undefined;
    return { message: request.body, digest: this.digest, signatures: [signature], keyFor: (c) => c };
  }

  malformedValues(signed: HttpRequest): MalformedVariant[] {
    const value = getHeader(signed.headers, this.signatureHeader) ?? this.prefix;
    const payload = value.slice(this.prefix.length);
    const variants: MalformedVariant[] = [
      { label: 'empty value', value: '' },
      { label: 'digest without its algorithm tag', value: payload },
      { label: 'half-length digest', value: this.prefix + payload.slice(0, payload.length / 2) },
      { label: 'single character', value: this.prefix + '0' },
      { label: 'right length, not ' + this.encoding, value: this.prefix + 'z'.repeat(payload.length) },
    ];
    if (this.prefix) {
      variants.splice(1, 0, { label: 'algorithm tag with no digest', value: this.prefix });
      variants.push({ label: 'unknown algorithm tag', value: 'INVALID=' + payload });
    }
    return variants;
  }
}

/** A random secret: signing with it yields a well-formed signature that must fail. */
export function forgerySecret(): Buffer {
  return randomBytes(32);
}
