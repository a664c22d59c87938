import { createHash } from 'node:crypto';
import { cloneRequest, getHeader, withHeader } from '../model/http.js';
import type { HttpRequest } from '../model/http.js';
import { encode, hmac } from './hmac.js';
import { HmacScheme } from './hmac-scheme.js';
import type { SignatureFields, WrittenFields } from './hmac-scheme.js';
import type { SchemeDefinition } from './definition.js';
import type { CrackMaterial, Digest, Encoding, RequestPart, SchemeOverrides } from './types.js';

const ALGORITHM = 'AWS4-HMAC-SHA256';
/** Headers AWS SDKs leave out of the signature: proxies and clients change them. */
const UNSIGNED = new Set([
  'authorization',
  'user-agent',
  'x-amzn-trace-id',
  'expect',
  'connection',
]);

interface Authorization {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

/**
 * AWS Signature Version 4 (header form): `Authorization: AWS4-HMAC-SHA256
 * Credential=<key id>/<date>/<region>/<service>/aws4_request, SignedHeaders=…,
 * Signature=<hex>` over a string-to-sign built from the canonical request (method,
 * path, sorted query, the signed headers, the body's SHA-256), keyed by a key
 * derived from the secret, the date, the region and the service.
 */
class AwsSigV4Scheme extends HmacScheme {
  readonly id = 'aws-sigv4';
  readonly title = 'AWS Signature Version 4';
  readonly signatureHeader = 'Authorization';
  override readonly timestampHeader = 'X-Amz-Date';
  readonly digest: Digest = 'sha256';
  readonly encoding: Encoding = 'hex';
  readonly covers: readonly RequestPart[] = [
    'method',
    'path',
    'query',
    'host',
    'body',
    'timestamp',
  ];
  override readonly windowSeconds = 300;
  protected override readonly usesTimestamp = true;
  readonly #credential: { accessKeyId: string; region: string; service: string };

  constructor(overrides: SchemeOverrides) {
    super();
    const [accessKeyId = 'AKIDSIGPROBEEXAMPLE', region = 'us-east-1', service = 'execute-api'] =
      overrides.credential?.split('/') ?? [];
    this.#credential = { accessKeyId, region, service };
  }

  protected read(request: HttpRequest): SignatureFields | undefined {
    const auth = parseAuthorization(getHeader(request.headers, 'authorization'));
    if (!auth) return undefined;
    return {
      signatures: [auth.signature],
      timestamp: getHeader(request.headers, 'x-amz-date'),
    };
  }

  protected override prepare(
    request: HttpRequest,
    fields: Omit<WrittenFields, 'signature'>,
  ): HttpRequest {
    return cloneRequest(request, {
      headers: withHeader(request.headers, 'X-Amz-Date', fields.timestamp ?? ''),
    });
  }

  protected write(request: HttpRequest, fields: WrittenFields): HttpRequest {
    const existing = parseAuthorization(getHeader(request.headers, 'authorization'));
    let headers = request.headers;
    if (fields.timestamp !== undefined)
      headers = withHeader(headers, 'X-Amz-Date', fields.timestamp);
    const scope = existing
      ? `${existing.accessKeyId}/${existing.date}/${existing.region}/${existing.service}/aws4_request`
      : `${this.#credential.accessKeyId}/${(fields.timestamp ?? '').slice(0, 8)}/${this.#credential.region}/${this.#credential.service}/aws4_request`;
    const signed =
      existing?.signedHeaders ?? defaultSignedHeaders(cloneRequest(request, { headers }));
    const value = `${ALGORITHM} Credential=${scope}, SignedHeaders=${signed.join(';')}, Signature=${fields.signature}`;
    return cloneRequest(request, { headers: withHeader(headers, 'Authorization', value) });
  }

  protected message(
    request: HttpRequest,
    fields: Omit<SignatureFields, 'signatures'>,
  ): Buffer | undefined {
    const amzDate = fields.timestamp;
    if (!amzDate || !/^\d{8}T\d{6}Z$/.test(amzDate)) return undefined;
    const scope = this.#scope(request, amzDate);
    const existing = parseAuthorization(getHeader(request.headers, 'authorization'));
    const signed = existing?.signedHeaders ?? defaultSignedHeaders(request);
    const canonical = canonicalRequest(request, signed);
    if (canonical === undefined) return undefined;
    const hash = createHash('sha256').update(canonical).digest('hex');
    return Buffer.from(`${ALGORITHM}\n${amzDate}\n${scope.join('/')}/aws4_request\n${hash}`);
  }

  /** [date, region, service] from the request's credential, else from the options. */
  #scope(request: HttpRequest, amzDate: string): [string, string, string] {
    const existing = parseAuthorization(getHeader(request.headers, 'authorization'));
    if (existing) return [existing.date, existing.region, existing.service];
    return [amzDate.slice(0, 8), this.#credential.region, this.#credential.service];
  }

  override signatureFor(
    request: HttpRequest,
    secret: Buffer,
    fields: Omit<SignatureFields, 'signatures'>,
  ): string | undefined {
    const message = this.message(request, fields);
    if (!message || !fields.timestamp) return undefined;
    const key = cachedSigningKey(secret, this.#scope(request, fields.timestamp));
    return encode(hmac('sha256', key, message), 'hex');
  }

  /** The key is derived per request (date, region, service), so cracking derives it too. */
  override crackMaterial(request: HttpRequest): CrackMaterial | undefined {
    const fields = this.read(request);
    const message = fields && this.message(request, fields);
    if (!fields?.timestamp || !message) return undefined;
    const scope = this.#scope(request, fields.timestamp);
    const signatures = fields.signatures
      .map((s) => Buffer.from(s, 'hex'))
      .filter((b) => b.length === 32);
    if (signatures.length === 0) return undefined;
    return {
      message,
      digest: 'sha256',
      signatures,
      keyFor: (candidate) => signingKey(candidate, scope),
    };
  }

  /** A derived key needs the request's scope; there is no scope-free key. */
  override keyFor(): Buffer | undefined {
    return undefined;
  }

  override formatTimestamp(seconds: number): string {
    return new Date(seconds * 1000)
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}/, '');
  }

  override parseTimestamp(text: string): number | undefined {
    const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
    if (!m) return undefined;
    return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) / 1000;
  }
}

/** Derived keys per secret object and scope: a scan signs many requests on one day. */
const derived = new WeakMap<Buffer, Map<string, Buffer>>();

function cachedSigningKey(secret: Buffer, scope: [string, string, string]): Buffer {
  let byScope = derived.get(secret);
  if (!byScope) derived.set(secret, (byScope = new Map()));
  const name = scope.join('/');
  let key = byScope.get(name);
  if (!key) byScope.set(name, (key = signingKey(secret, scope)));
  return key;
}

export function signingKey(
  secret: Buffer,
  [date, region, service]: [string, string, string],
): Buffer {
  const kDate = hmac('sha256', Buffer.concat([Buffer.from('AWS4'), secret]), date);
  const kRegion = hmac('sha256', kDate, region);
  const kService = hmac('sha256', kRegion, service);
  return hmac('sha256', kService, 'aws4_request');
}

function parseAuthorization(value: string | undefined): Authorization | undefined {
  if (!value?.startsWith(`${ALGORITHM} `)) return undefined;
  const parts = new Map(
    value
      .slice(ALGORITHM.length + 1)
      .split(',')
      .map((part) => {
        const at = part.indexOf('=');
        return [part.slice(0, at).trim(), part.slice(at + 1).trim()] as [string, string];
      }),
  );
  const credential = parts.get('Credential')?.split('/');
  const signature = parts.get('Signature');
  const signedHeaders = parts.get('SignedHeaders');
  if (!credential || credential.length !== 5 || signature === undefined || !signedHeaders)
    return undefined;
  const [accessKeyId, date, region, service] = credential as [string, string, string, string];
  return {
    accessKeyId,
    date,
    region,
    service,
    signature,
    signedHeaders: signedHeaders.split(';'),
  };
}

function defaultSignedHeaders(request: HttpRequest): string[] {
  const names = request.headers
    .map(([name]) => name.toLowerCase())
    .filter((name) => !UNSIGNED.has(name));
  return [...new Set(['host', ...names])].sort();
}

/** RFC 3986 unreserved characters stay; everything else is %XX (upper case). */
function escape(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function canonicalRequest(request: HttpRequest, signed: string[]): string | undefined {
  const url = new URL(request.url);
  // Non-S3 services encode each (already encoded) path segment once more.
  const path =
    url.pathname
      .split('/')
      .map((segment) => escape(segment))
      .join('/') || '/';
  const query = [...url.searchParams]
    .map(([key, value]) => [escape(key), escape(value)] as const)
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
  const lines: string[] = [];
  for (const name of signed) {
    const value =
      name === 'host'
        ? (getHeader(request.headers, 'host') ?? url.host)
        : getHeader(request.headers, name);
    if (value === undefined) return undefined;
    lines.push(`${name}:${value.trim().replace(/\s+/g, ' ')}\n`);
  }
  const payload =
    getHeader(request.headers, 'x-amz-content-sha256') ??
    createHash('sha256').update(request.body).digest('hex');
  return [
    request.method.toUpperCase(),
    path,
    query,
    lines.join(''),
    signed.join(';'),
    payload,
  ].join('\n');
}

export const awsSigV4: SchemeDefinition = {
  id: 'aws-sigv4',
  title:
    'AWS Signature V4: Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=<hex>',
  build: (o) => new AwsSigV4Scheme(o),
};
