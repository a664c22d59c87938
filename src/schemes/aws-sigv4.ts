import { createHmac, hash } from 'node:crypto';
import { cloneRequest, getHeader, withHeader } from '../model/http.js';
import type { HeaderList, HttpRequest } from '../model/http.js';
import { hmac } from './hmac.js';
import { basicTimestamp } from './utc.js';
import { HmacScheme } from './hmac-scheme.js';
import type { SignatureFields, WrittenFields } from './hmac-scheme.js';
import type { SchemeDefinition } from './definition.js';
import type {
  CrackMaterial,
  Digest,
  Encoding,
  RequestPart,
  SchemeOverrides,
  SignOptions,
} from './types.js';

const ALGORITHM = 'AWS4-HMAC-SHA256';
const AMZ_DATE = /^\d{8}T\d{6}Z$/;
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
    const signed = existing?.signedHeaders ?? defaultSignedHeaders(headers);
    const value = `${ALGORITHM} Credential=${scope}, SignedHeaders=${signed.join(';')}, Signature=${fields.signature}`;
    return cloneRequest(request, { headers: withHeader(headers, 'Authorization', value) });
  }

  protected message(
    request: HttpRequest,
    fields: Omit<SignatureFields, 'signatures'>,
  ): Buffer | undefined {
    const amzDate = fields.timestamp;
    if (!amzDate || !AMZ_DATE.test(amzDate)) return undefined;
    const existing = parseAuthorization(getHeader(request.headers, 'authorization'));
    const text = stringToSign(
      request,
      amzDate,
      this.#scope(existing, amzDate),
      existing?.signedHeaders ?? defaultSignedHeaders(request.headers),
    );
    return text === undefined ? undefined : Buffer.from(text);
  }

  /** [date, region, service] from the request's credential, else from the options. */
  #scope(existing: Authorization | undefined, amzDate: string): [string, string, string] {
    if (existing) return [existing.date, existing.region, existing.service];
    return [amzDate.slice(0, 8), this.#credential.region, this.#credential.service];
  }

  /**
   * The scan's signing path, in one pass: the generic sign() would strip, re-add
   * X-Amz-Date, then parse the Authorization header and list the signed headers once
   * for the message and again for write(). The result is the same request: every
   * header but Authorization and X-Amz-Date in order, then X-Amz-Date, then
   * Authorization; the same string-to-sign as message() (both call stringToSign).
   */
  override sign(request: HttpRequest, options: SignOptions): HttpRequest {
    const amzDate = this.formatTimestamp(options.timestamp ?? Math.floor(Date.now() / 1000));
    const headers: HeaderList = [];
    // The signed headers (all but UNSIGNED, host always) with the first value of each,
    // as parallel arrays: a scan's requests carry a handful of headers, for which a
    // linear search and an insertion sort beat a Map and Array#sort.
    const names: string[] = ['x-amz-date'];
    const values: string[] = [amzDate];
    let host: string | undefined;
    for (const header of request.headers) {
      const lower = header[0].toLowerCase();
      if (lower === 'authorization' || lower === 'x-amz-date') continue;
      headers.push(header);
      if (lower === 'host') host ??= header[1];
      else if (!UNSIGNED.has(lower) && !names.includes(lower)) {
        names.push(lower);
        values.push(header[1]);
      }
    }
    headers.push(['X-Amz-Date', amzDate]);
    const prepared = { method: request.method, url: request.url, headers, body: request.body };
    const { path, query, host: urlHost } = partsOf(request.url);
    names.push('host');
    values.push(host ?? urlHost);
    // Insertion sort in code-unit order (names are distinct), values alongside.
    for (let i = 1; i < names.length; i += 1) {
      const name = names[i]!;
      const value = values[i]!;
      let j = i - 1;
      for (; j >= 0 && names[j]! > name; j -= 1) {
        names[j + 1] = names[j]!;
        values[j + 1] = values[j]!;
      }
      names[j + 1] = name;
      values[j + 1] = value;
    }
    let lines = '';
    let signedList = '';
    let payload: string | undefined;
    for (let i = 0; i < names.length; i += 1) {
      const name = names[i]!;
      lines += `${name}:${foldValue(values[i]!)}\n`;
      signedList += i === 0 ? name : `;${name}`;
      if (name === 'x-amz-content-sha256') payload = values[i];
    }
    payload ??= hash('sha256', request.body, 'hex');
    // canonicalRequest() and stringToSign(), written out over the arrays above.
    const canonical = `${request.method.toUpperCase()}\n${path}\n${query}\n${lines}\n${signedList}\n${payload}`;
    const { region, service, accessKeyId } = this.#credential;
    const scope: [string, string, string] = [amzDate.slice(0, 8), region, service];
    const text = `${ALGORITHM}\n${amzDate}\n${scope[0]}/${region}/${service}/aws4_request\n${hash('sha256', canonical, 'hex')}`;
    const signature = createHmac('sha256', cachedSigningKey(options.secret, scope))
      .update(text)
      .digest('hex');
    headers.push([
      'Authorization',
      `${ALGORITHM} Credential=${accessKeyId}/${scope[0]}/${region}/${service}/aws4_request, SignedHeaders=${signedList}, Signature=${signature}`,
    ]);
    return prepared;
  }

  override signatureFor(
    request: HttpRequest,
    secret: Buffer,
    fields: Omit<SignatureFields, 'signatures'>,
  ): string | undefined {
    const message = this.message(request, fields);
    if (!message || !fields.timestamp) return undefined;
    const existing = parseAuthorization(getHeader(request.headers, 'authorization'));
    const key = cachedSigningKey(secret, this.#scope(existing, fields.timestamp));
    return createHmac('sha256', key).update(message).digest('hex');
  }

  /** The key is derived per request (date, region, service), so cracking derives it too. */
  override crackMaterial(request: HttpRequest): CrackMaterial | undefined {
    const fields = this.read(request);
    const message = fields && this.message(request, fields);
    if (!fields?.timestamp || !message) return undefined;
    const existing = parseAuthorization(getHeader(request.headers, 'authorization'));
    const scope = this.#scope(existing, fields.timestamp);
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

  /** The last X-Amz-Date written: a scan signs its probes within the same second. */
  #lastSeconds = Number.NaN;
  #lastAmzDate = '';

  override formatTimestamp(seconds: number): string {
    if (seconds !== this.#lastSeconds) {
      this.#lastAmzDate = basicTimestamp(seconds);
      this.#lastSeconds = seconds;
    }
    return this.#lastAmzDate;
  }

  override parseTimestamp(text: string): number | undefined {
    const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
    if (!m) return undefined;
    return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) / 1000;
  }
}

/** Derived keys per secret object and scope: a scan signs many requests on one day. */
const derived = new WeakMap<Buffer, Map<string, Buffer>>();

/** The last key handed out: consecutive signatures nearly always share secret and scope. */
let last: { secret: Buffer; scope: [string, string, string]; key: Buffer } | undefined;

function cachedSigningKey(secret: Buffer, scope: [string, string, string]): Buffer {
  if (
    last?.secret === secret &&
    last.scope[0] === scope[0] &&
    last.scope[1] === scope[1] &&
    last.scope[2] === scope[2]
  )
    return last.key;
  let byScope = derived.get(secret);
  if (!byScope) derived.set(secret, (byScope = new Map()));
  const name = `${scope[0]}/${scope[1]}/${scope[2]}`;
  let key = byScope.get(name);
  if (!key) byScope.set(name, (key = signingKey(secret, scope)));
  last = { secret, scope, key };
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

/** The first value of each header by lower-case name, as getHeader() finds it. */
function headerValues(headers: HeaderList): Map<string, string> {
  const values = new Map<string, string>();
  for (const [name, value] of headers) {
    const lower = name.toLowerCase();
    if (!values.has(lower)) values.set(lower, value);
  }
  return values;
}

function defaultSignedHeaders(headers: HeaderList | Map<string, string>): string[] {
  const names = ['host'];
  for (const name of headers instanceof Map ? headers.keys() : headerValues(headers).keys())
    if (name !== 'host' && !UNSIGNED.has(name)) names.push(name);
  // Code-unit order, as the default sort gives, without its string conversions.
  return names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * A header value as SigV4 canonicalises it: trimmed, runs of whitespace as one space.
 * Most values have nothing to fold, which one pass over their ASCII tells.
 */
function foldValue(value: string): string {
  let clean =
    value.length === 0 ||
    (value.charCodeAt(0) > 0x20 && value.charCodeAt(value.length - 1) > 0x20);
  for (let i = 0; clean && i < value.length; i += 1) {
    const c = value.charCodeAt(i);
    // Non-ASCII may hold Unicode spaces, and so may control characters: the regex decides.
    if (c >= 0x7f || c < 0x20 || (c === 0x20 && value.charCodeAt(i + 1) === 0x20))
      clean = false;
  }
  return clean ? value : value.trim().replace(/\s+/g, ' ');
}

/** RFC 3986 unreserved characters stay; everything else is %XX (upper case). */
function escape(text: string): string {
  if (UNRESERVED.test(text)) return text;
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

const UNRESERVED = /^[A-Za-z0-9\-._~]*$/;
const PLAIN_PATH = /^[A-Za-z0-9\-._~/]*$/;

/** What the canonical request takes from a URL: its canonical path and query, its host. */
interface UrlParts {
  path: string;
  query: string;
  host: string;
}

/**
 * Canonical URL parts by URL text. A scan signs every probe of an endpoint against the
 * same URL, so it is parsed, escaped and sorted once; bounded so a long scan of many
 * endpoints cannot grow it without limit.
 */
const urlParts = new Map<string, UrlParts>();

function partsOf(text: string): UrlParts {
  let parts = urlParts.get(text);
  if (!parts) {
    if (urlParts.size >= 256) urlParts.clear();
    urlParts.set(text, (parts = canonicalUrl(text)));
  }
  return parts;
}

function canonicalUrl(text: string): UrlParts {
  const url = new URL(text);
  // Non-S3 services encode each (already encoded) path segment once more.
  const pathname = url.pathname;
  const path =
    (PLAIN_PATH.test(pathname)
      ? pathname
      : pathname
          .split('/')
          .map((segment) => escape(segment))
          .join('/')) || '/';
  const query = [...url.searchParams]
    .map(([key, value]) => [escape(key), escape(value)] as const)
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
  return { path, query, host: url.host };
}

/** The string-to-sign: algorithm, date, scope and the canonical request's SHA-256. */
export function stringToSign(
  request: HttpRequest,
  amzDate: string,
  [date, region, service]: [string, string, string],
  signed: string[],
  values: Map<string, string> = headerValues(request.headers),
  signedList: string = signed.join(';'),
): string | undefined {
  const canonical = canonicalRequest(request, signed, values, signedList);
  if (canonical === undefined) return undefined;
  const digest = hash('sha256', canonical, 'hex');
  return `${ALGORITHM}\n${amzDate}\n${date}/${region}/${service}/aws4_request\n${digest}`;
}

export function canonicalRequest(
  request: HttpRequest,
  signed: string[],
  values: Map<string, string> = headerValues(request.headers),
  signedList: string = signed.join(';'),
): string | undefined {
  const { path, query, host } = partsOf(request.url);
  let lines = '';
  for (const name of signed) {
    const value = name === 'host' ? (values.get('host') ?? host) : values.get(name);
    if (value === undefined) return undefined;
    lines += `${name}:${foldValue(value)}\n`;
  }
  const payload = values.get('x-amz-content-sha256') ?? hash('sha256', request.body, 'hex');
  return `${request.method.toUpperCase()}\n${path}\n${query}\n${lines}\n${signedList}\n${payload}`;
}

export const awsSigV4: SchemeDefinition = {
  id: 'aws-sigv4',
  title:
    'AWS Signature V4: Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=<hex>',
  build: (o) => new AwsSigV4Scheme(o),
};
