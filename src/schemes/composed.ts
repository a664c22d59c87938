import { cloneRequest, getHeader, withHeader, withoutHeaders } from '../model/http.js';
import type { HttpRequest } from '../model/http.js';
import { encode, hmacMessage } from './hmac.js';
import type { Message } from './hmac.js';
import { HmacScheme } from './hmac-scheme.js';
import type { SignatureFields, TimestampFormat, WrittenFields } from './hmac-scheme.js';
import type {
  AlternateSignature,
  Digest,
  Encoding,
  MalformedVariant,
  RequestPart,
} from './types.js';

/**
 * How the signature sits in its header:
 * - `prefixed`: `<prefix><sig>` (`sha256=…`, `v0=…`, or a bare digest);
 * - `stripe`: `t=<ts>,<tag>=<sig>[,<tag>=<sig>…]`, the timestamp inside the header;
 * - `space-list`: `<tag>,<sig> <tag>,<sig>` (Standard Webhooks);
 * - `comma-list`: `<tag>=<sig>,<tag>=<sig>` (PagerDuty).
 */
export type Layout = 'prefixed' | 'stripe' | 'space-list' | 'comma-list';

export type MessageBuilder = (
  request: HttpRequest,
  fields: Omit<SignatureFields, 'signatures'>,
) => Message | undefined;

export interface ComposedConfig {
  id: string;
  title: string;
  signatureHeader: string;
  timestampHeader?: string;
  idHeader?: string;
  digest: Digest;
  encoding: Encoding;
  layout: Layout;
  /** `prefixed`: the text before the digest. Lists and stripe: the version tag (`v1`). */
  prefix: string;
  message: MessageBuilder;
  covers: RequestPart[];
  windowSeconds?: number;
  timestampFormat?: TimestampFormat;
  usesTimestamp?: boolean;
  usesId?: boolean;
  relatedHeaders?: string[];
  keyFor?: (secret: Buffer) => Buffer | undefined;
  prepare?: (request: HttpRequest, fields: Omit<WrittenFields, 'signature'>) => HttpRequest;
  /** A legacy digest the vendor sent next to the current one (GitHub's sha1). */
  legacy?: { header: string; prefix: string; digest: Digest };
}

/** One scheme described by configuration: most vendors differ only in these values. */
export class ComposedScheme extends HmacScheme {
  readonly id: string;
  readonly title: string;
  readonly signatureHeader: string;
  override readonly timestampHeader?: string;
  override readonly idHeader?: string;
  readonly digest: Digest;
  readonly encoding: Encoding;
  readonly covers: readonly RequestPart[];
  override readonly windowSeconds?: number;
  readonly prefix: string;
  readonly layout: Layout;
  protected override readonly usesTimestamp: boolean;
  protected override readonly usesId: boolean;
  protected override readonly timestampFormat: TimestampFormat;
  protected override readonly relatedHeaders: readonly string[];
  readonly #config: ComposedConfig;
  /** Lower-case names of every header this scheme writes or strips. */
  readonly #owned: Set<string>;

  constructor(config: ComposedConfig) {
    super();
    this.#config = config;
    this.id = config.id;
    this.title = config.title;
    this.signatureHeader = config.signatureHeader;
    this.timestampHeader = config.timestampHeader;
    this.idHeader = config.idHeader;
    this.digest = config.digest;
    this.encoding = config.encoding;
    this.covers = config.covers;
    this.windowSeconds = config.windowSeconds;
    this.prefix = config.prefix;
    this.layout = config.layout;
    this.usesTimestamp =
      config.usesTimestamp ??
      (config.layout === 'stripe' || config.timestampHeader !== undefined);
    this.usesId = config.usesId ?? config.idHeader !== undefined;
    this.timestampFormat = config.timestampFormat ?? 'seconds';
    this.relatedHeaders = config.legacy
      ? [config.legacy.header, ...(config.relatedHeaders ?? [])]
      : (config.relatedHeaders ?? []);
    const owned = [
      config.signatureHeader,
      config.timestampHeader,
      config.idHeader,
      ...this.relatedHeaders,
    ];
    this.#owned = new Set(owned.filter((n): n is string => !!n).map((n) => n.toLowerCase()));
  }

  override keyFor(secret: Buffer): Buffer | undefined {
    return this.#config.keyFor ? this.#config.keyFor(secret) : secret;
  }

  protected override prepare(
    request: HttpRequest,
    fields: Omit<WrittenFields, 'signature'>,
  ): HttpRequest {
    return this.#config.prepare ? this.#config.prepare(request, fields) : request;
  }

  protected message(
    request: HttpRequest,
    fields: Omit<SignatureFields, 'signatures'>,
  ): Message | undefined {
    if (this.usesTimestamp && fields.timestamp === undefined) return undefined;
    if (this.usesId && fields.id === undefined) return undefined;
    return this.#config.message(request, fields);
  }

  protected read(request: HttpRequest): SignatureFields | undefined {
    const value = getHeader(request.headers, this.signatureHeader);
    if (value === undefined) return undefined;
    const timestamp = this.timestampHeader
      ? getHeader(request.headers, this.timestampHeader)
      : undefined;
    const id = this.idHeader ? getHeader(request.headers, this.idHeader) : undefined;
    const signatures = this.#parseValue(value);
    if (this.layout === 'stripe') {
      const t = value
        .split(',')
        .map((item) => item.trim())
        .find((item) => item.startsWith('t='));
      return signatures ? { signatures, timestamp: t?.slice(2), id } : undefined;
    }
    return signatures ? { signatures, timestamp, id } : undefined;
  }

  #parseValue(value: string): string[] | undefined {
    const tag = this.prefix;
    if (this.layout === 'prefixed')
      return value.startsWith(tag) ? [value.slice(tag.length)] : undefined;
    const items =
      this.layout === 'space-list'
        ? value.split(' ').filter(Boolean)
        : value.split(',').map((item) => item.trim());
    const marker = this.layout === 'space-list' ? `${tag},` : `${tag}=`;
    const found = items
      .filter((item) => item.startsWith(marker))
      .map((item) => item.slice(marker.length));
    return found.length > 0 ? found : undefined;
  }

  protected write(request: HttpRequest, fields: WrittenFields): HttpRequest {
    // One pass: drop every header this scheme owns (legacy ones too), append the new.
    const headers = request.headers.filter(([name]) => !this.#owned.has(name.toLowerCase()));
    headers.push([this.signatureHeader, this.#formatValue(fields)]);
    if (this.timestampHeader && fields.timestamp !== undefined)
      headers.push([this.timestampHeader, fields.timestamp]);
    if (this.idHeader && fields.id !== undefined) headers.push([this.idHeader, fields.id]);
    return { method: request.method, url: request.url, headers, body: request.body };
  }

  protected override signingBase(request: HttpRequest): HttpRequest {
    return request;
  }

  #formatValue(fields: WrittenFields): string {
    const tag = this.prefix;
    if (this.layout === 'prefixed') return tag + fields.signature;
    if (this.layout === 'space-list') return `${tag},${fields.signature}`;
    if (this.layout === 'comma-list') return `${tag}=${fields.signature}`;
    return `t=${fields.timestamp ?? ''},${tag}=${fields.signature}`;
  }

  override malformedValues(signed: HttpRequest): MalformedVariant[] {
    const variants = super.malformedValues(signed);
    const signature = this.signaturesOf(signed)[0] ?? '';
    const tag = this.prefix;
    if (this.layout === 'prefixed' && tag) {
      variants.push({ label: 'unknown algorithm tag', value: `INVALID=${signature}` });
    } else if (this.layout === 'space-list') {
      variants.push({ label: 'unknown version tag', value: `v0,${signature}` });
    } else if (this.layout === 'comma-list') {
      variants.push({ label: 'unknown version tag', value: `v0=${signature}` });
    } else if (this.layout === 'stripe') {
      const t = this.timestampOf(signed) ?? 0;
      variants.push(
        { label: 'timestamp only', value: `t=${t}` },
        { label: 'unknown version tag', value: `t=${t},v0=${signature}` },
      );
    }
    return variants;
  }

  override truncatedValues(signed: HttpRequest): MalformedVariant[] {
    const variants = super.truncatedValues(signed);
    const signature = this.signaturesOf(signed)[0] ?? '';
    // A wrong digest of the right length: only an empty entry could make the list pass.
    const wrong = (this.encoding === 'hex' ? '0' : 'A').repeat(signature.length);
    const tag = this.prefix;
    const label = 'empty entry next to a wrong signature';
    if (this.layout === 'space-list')
      variants.push({ label, value: `${tag}, ${tag},${wrong}` });
    if (this.layout === 'comma-list')
      variants.push({ label, value: `${tag}=,${tag}=${wrong}` });
    if (this.layout === 'stripe')
      variants.push({
        label,
        value: `t=${this.read(signed)?.timestamp ?? ''},${tag}=,${tag}=${wrong}`,
      });
    return variants;
  }

  override alternates(request: HttpRequest, secret: Buffer | undefined): AlternateSignature[] {
    const moved = super.alternates(request, secret);
    const key = secret && this.keyFor(secret);
    const fields = this.read(request);
    if (!key || !fields) return moved;
    const message = this.message(request, fields);
    if (!message) return moved;

    const variants: AlternateSignature[] = [];
    const legacy = this.#config.legacy;
    if (legacy) {
      // The vendor's legacy digest alone, the current one removed: accepting it keeps SHA-1 alive.
      const headers = withoutHeaders(request.headers, [this.signatureHeader, legacy.header]);
      const value = legacy.prefix + encode(hmacMessage(legacy.digest, key, message), 'hex');
      variants.push({
        label: `legacy ${legacy.header}: ${legacy.prefix}<${legacy.digest}> alone`,
        request: cloneRequest(request, { headers: [...headers, [legacy.header, value]] }),
      });
    }
    if (this.layout === 'prefixed' && /^[a-z0-9]+=$/i.test(this.prefix)) {
      for (const digest of ['sha1', 'md5'] as const) {
        if (digest === this.digest || legacy?.digest === digest) continue;
        const value = `${digest}=${encode(hmacMessage(digest, key, message), this.encoding)}`;
        variants.push({
          label: `attacker-named algorithm ${digest}= in ${this.signatureHeader}`,
          request: cloneRequest(request, {
            headers: withHeader(request.headers, this.signatureHeader, value),
          }),
        });
      }
    }
    return [...variants, ...moved];
  }
}
