import { randomUUID, timingSafeEqual } from 'node:crypto';
import { cloneRequest, getHeader, withoutHeaders } from '../model/http.js';
import type { HttpRequest } from '../model/http.js';
import { digestLength, hmacText, messageBytes } from './hmac.js';
import type { Message } from './hmac.js';
import { isoTimestamp } from './utc.js';
import type {
  AlternateSignature,
  CrackMaterial,
  Digest,
  Encoding,
  MalformedVariant,
  RequestPart,
  SignatureScheme,
  SignOptions,
} from './types.js';

/** What a signed request carries besides the payload: the signature(s), time and id. */
export interface SignatureFields {
  /** Signatures as written (encoded); several during a secret rotation. */
  signatures: string[];
  timestamp?: string;
  id?: string;
}

export interface WrittenFields {
  signature: string;
  timestamp?: string;
  id?: string;
}

export type TimestampFormat = 'seconds' | 'milliseconds' | 'iso';

/**
 * The shape every HMAC scheme shares: read the fields, build the signed message, HMAC
 * it with a key made from the secret, write the fields. Subclasses say only how
 * their fields travel and what bytes they sign; signing, verifying, cracking material
 * and the probes' variants all follow from that, so they cannot drift apart.
 */
export abstract class HmacScheme implements SignatureScheme {
  abstract readonly id: string;
  abstract readonly title: string;
  abstract readonly signatureHeader: string;
  abstract readonly digest: Digest;
  abstract readonly encoding: Encoding;
  abstract readonly covers: readonly RequestPart[];
  readonly timestampHeader?: string;
  readonly idHeader?: string;
  readonly windowSeconds?: number;
  /** Whether the scheme carries a timestamp / id at all. */
  protected readonly usesTimestamp: boolean = false;
  protected readonly usesId: boolean = false;
  protected readonly timestampFormat: TimestampFormat = 'seconds';
  /** Headers of this scheme besides its own (a legacy digest) that strip() removes. */
  protected readonly relatedHeaders: readonly string[] = [];

  /** The signature and its companions, or undefined when the request carries none. */
  protected abstract read(request: HttpRequest): SignatureFields | undefined;

  /** The request with these fields set (replacing any earlier ones). */
  protected abstract write(request: HttpRequest, fields: WrittenFields): HttpRequest;

  /** The exact bytes signed, given the fields; undefined when they cannot be built. */
  protected abstract message(
    request: HttpRequest,
    fields: Omit<SignatureFields, 'signatures'>,
  ): Message | undefined;

  /** The HMAC key for a secret as the user holds it (identity for most schemes). */
  keyFor(secret: Buffer): Buffer | undefined {
    return secret;
  }

  /** Changes a scheme makes to the request before signing (Twilio's bodySHA256, say). */
  protected prepare(
    request: HttpRequest,
    _fields: Omit<WrittenFields, 'signature'>,
  ): HttpRequest {
    return request;
  }

  /**
   * The request sign() starts from: without this scheme's fields. Subclasses whose
   * write() already replaces every field they own return the request as it is,
   * which saves a copy per signature.
   */
  protected signingBase(request: HttpRequest): HttpRequest {
    return this.strip(request);
  }

  detect(request: HttpRequest): boolean {
    return (this.read(request)?.signatures.length ?? 0) > 0;
  }

  sign(request: HttpRequest, options: SignOptions): HttpRequest {
    const seconds = options.timestamp ?? Math.floor(Date.now() / 1000);
    const timestamp = this.usesTimestamp ? this.formatTimestamp(seconds) : undefined;
    const id = this.usesId ? (options.id ?? randomUUID()) : undefined;
    const prepared = this.prepare(this.signingBase(request), { timestamp, id });
    const signature = this.signatureFor(prepared, options.secret, { timestamp, id }) ?? '';
    return this.write(prepared, { signature, timestamp, id });
  }

  /** The encoded signature this secret gives the request with these fields. */
  signatureFor(
    request: HttpRequest,
    secret: Buffer,
    fields: Omit<SignatureFields, 'signatures'>,
  ): string | undefined {
    const message = this.message(request, fields);
    const key = this.keyFor(secret);
    if (!message || !key) return undefined;
    return hmacText(this.digest, key, message, this.encoding);
  }

  /** The signature with `key` used as the HMAC key as it is (no scheme key step). */
  signatureWithKey(
    request: HttpRequest,
    key: Buffer,
    fields: Omit<SignatureFields, 'signatures'>,
  ): string | undefined {
    const message = this.message(request, fields);
    return message ? hmacText(this.digest, key, message, this.encoding) : undefined;
  }

  verify(request: HttpRequest, secret: Buffer): boolean {
    const fields = this.read(request);
    if (!fields) return false;
    const expected = this.signatureFor(request, secret, fields);
    if (expected === undefined) return false;
    const wanted = Buffer.from(expected);
    return fields.signatures.some((given) => {
      const got = Buffer.from(given);
      return got.length === wanted.length && timingSafeEqual(got, wanted);
    });
  }

  /** The signature fields a request carries (for diagnosis), or undefined. */
  fieldsOf(request: HttpRequest): SignatureFields | undefined {
    return this.read(request);
  }

  /** The signatures a request carries, as written: for redaction and evidence. */
  signaturesOf(request: HttpRequest): string[] {
    return this.read(request)?.signatures ?? [];
  }

  strip(request: HttpRequest): HttpRequest {
    const names = [
      this.signatureHeader,
      this.timestampHeader,
      this.idHeader,
      ...this.relatedHeaders,
    ];
    return cloneRequest(request, {
      headers: withoutHeaders(
        request.headers,
        names.filter((n): n is string => !!n),
      ),
    });
  }

  crackMaterial(request: HttpRequest): CrackMaterial | undefined {
    const fields = this.read(request);
    if (!fields) return undefined;
    const message = this.message(request, fields);
    if (!message) return undefined;
    const signatures = fields.signatures
      .map((text) => Buffer.from(text, this.encoding))
      .filter((bytes) => bytes.length === digestLength(this.digest));
    if (signatures.length === 0) return undefined;
    return {
      message: messageBytes(message),
      digest: this.digest,
      signatures,
      keyFor: (candidate) => this.keyFor(candidate),
    };
  }

  timestampOf(request: HttpRequest): number | undefined {
    const text = this.read(request)?.timestamp;
    return text === undefined ? undefined : this.parseTimestamp(text);
  }

  withTimestamp(request: HttpRequest, timestamp: number): HttpRequest | undefined {
    const fields = this.read(request);
    if (!this.usesTimestamp || !fields || fields.timestamp === undefined) return undefined;
    const signature = fields.signatures[0] ?? '';
    return this.write(request, {
      signature,
      timestamp: this.formatTimestamp(timestamp),
      id: fields.id,
    });
  }

  /** The request with another signature text in place of its own, other fields kept. */
  withSignature(request: HttpRequest, signature: string): HttpRequest {
    const fields = this.read(request);
    return this.write(request, { signature, timestamp: fields?.timestamp, id: fields?.id });
  }

  /** The signature header's value in a request, or '' when absent. */
  headerValue(request: HttpRequest): string {
    return getHeader(request.headers, this.signatureHeader) ?? '';
  }

  malformedValues(signed: HttpRequest): MalformedVariant[] {
    const signature = this.read(signed)?.signatures[0] ?? '';
    const value = (text: string) => this.headerValue(this.withSignature(signed, text));
    return (
      [
        { label: 'empty value', value: '' },
        { label: 'empty digest', value: value('') },
        {
          label: 'half-length digest',
          value: value(signature.slice(0, Math.floor(signature.length / 2))),
        },
        { label: 'single character', value: value('0') },
        {
          label: `right length, not ${this.encoding}`,
          value: value('z'.repeat(signature.length)),
        },
        { label: 'bare digest without the header format', value: signature },
      ]
        // A bare digest IS the format of schemes without a tag: not malformed there.
        .filter((variant) => variant.value !== this.headerValue(signed) || variant.value === '')
        .filter(
          (variant, i, all) => all.findIndex((other) => other.value === variant.value) === i,
        )
    );
  }

  truncatedValues(signed: HttpRequest): MalformedVariant[] {
    const signature = this.read(signed)?.signatures[0] ?? '';
    const value = (text: string) => this.headerValue(this.withSignature(signed, text));
    return [
      {
        label: 'first half of the valid signature',
        value: value(signature.slice(0, Math.floor(signature.length / 2))),
      },
      { label: 'first character of the valid signature', value: value(signature.slice(0, 1)) },
      {
        label: 'valid signature without its last character',
        value: value(signature.slice(0, -1)),
      },
      { label: 'empty signature entry', value: value('') },
    ];
  }

  alternates(request: HttpRequest, _secret: Buffer | undefined): AlternateSignature[] {
    const value = this.headerValue(request);
    if (!value) return [];
    const unsigned = withoutHeaders(request.headers, [this.signatureHeader]);
    return ['signature', 'sig'].map((name) => {
      const url = new URL(request.url);
      url.searchParams.set(name, value);
      return {
        label: `signature moved to the query string as ?${name}=`,
        request: cloneRequest(request, { url: url.toString(), headers: unsigned }),
      };
    });
  }

  shiftedFields(request: HttpRequest): AlternateSignature[] {
    const fields = this.read(request);
    const signature = fields?.signatures[0];
    const signedMessage = fields && this.message(request, fields);
    const original = signedMessage && messageBytes(signedMessage);
    if (!fields || !signature || !original) return [];

    const shifted: AlternateSignature[] = [];
    const body = request.body.toString('latin1');
    type Parts = { id?: string; timestamp?: string; body: string };
    const moves: Array<[string, (p: Parts) => Parts | undefined]> = [
      [
        'last character of the id moved to the front of the timestamp',
        (p) =>
          p.id && p.timestamp !== undefined
            ? { ...p, id: p.id.slice(0, -1), timestamp: p.id.slice(-1) + p.timestamp }
            : undefined,
      ],
      [
        'first character of the timestamp moved to the end of the id',
        (p) =>
          p.id !== undefined && p.timestamp
            ? { ...p, id: p.id + p.timestamp[0], timestamp: p.timestamp.slice(1) }
            : undefined,
      ],
      [
        'last character of the timestamp moved to the front of the body',
        (p) =>
          p.timestamp
            ? {
                ...p,
                timestamp: p.timestamp.slice(0, -1),
                body: p.timestamp.slice(-1) + p.body,
              }
            : undefined,
      ],
      [
        'first byte of the body moved to the end of the timestamp',
        (p) =>
          p.timestamp !== undefined && p.body
            ? { ...p, timestamp: p.timestamp + p.body[0], body: p.body.slice(1) }
            : undefined,
      ],
      [
        'last character of the id moved to the front of the body',
        (p) =>
          p.id && p.timestamp === undefined
            ? { ...p, id: p.id.slice(0, -1), body: p.id.slice(-1) + p.body }
            : undefined,
      ],
    ];
    for (const [label, move] of moves) {
      const parts = move({ id: fields.id, timestamp: fields.timestamp, body });
      if (!parts) continue;
      const moved = cloneRequest(request, { body: Buffer.from(parts.body, 'latin1') });
      const candidate = this.write(moved, {
        signature,
        timestamp: parts.timestamp,
        id: parts.id,
      });
      const candidateFields = this.read(candidate);
      const message = candidateFields && this.message(candidate, candidateFields);
      // Only a move that leaves the signed bytes identical keeps the signature valid.
      if (message && messageBytes(message).equals(original))
        shifted.push({ label, request: candidate });
    }
    return shifted;
  }

  formatTimestamp(seconds: number): string {
    if (this.timestampFormat === 'iso') return isoTimestamp(seconds);
    if (this.timestampFormat === 'milliseconds') return String(seconds * 1000);
    return String(Math.trunc(seconds));
  }

  parseTimestamp(text: string): number | undefined {
    if (this.timestampFormat === 'iso') {
      const ms = Date.parse(text);
      return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
    }
    if (!/^\d+$/.test(text)) return undefined;
    const number = Number(text);
    return this.timestampFormat === 'milliseconds' ? Math.floor(number / 1000) : number;
  }
}
