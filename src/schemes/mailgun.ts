import { cloneRequest } from '../model/http.js';
import type { HttpRequest } from '../model/http.js';
import type { Message } from './hmac.js';
import { HmacScheme } from './hmac-scheme.js';
import { parseJsonObject } from './json-object.js';
import type { SignatureFields, WrittenFields } from './hmac-scheme.js';
import { memberSlot } from './json-member.js';
import { isForm, join } from './parts.js';
import type { SchemeDefinition } from './definition.js';
import type { Digest, Encoding, MalformedVariant, RequestPart } from './types.js';

/** ASCII text as JSON.stringify writes it (it escapes every control character). */
const ASCII = /^[\x20-\x7f]*$/;

interface MailgunSignature {
  timestamp?: unknown;
  token?: unknown;
  signature?: unknown;
}

/**
 * Mailgun: the signature travels inside the payload, not in a header: a JSON
 * `signature` object, or `timestamp`, `token` and `signature` form fields. It signs
 * timestamp + token only; the event data is NOT covered, so a receiver must dedupe
 * tokens and bound the timestamp, and everything else in the body is tamperable.
 */
class MailgunScheme extends HmacScheme {
  readonly id = 'mailgun';
  readonly title = 'Mailgun webhooks';
  readonly signatureHeader = 'signature';
  readonly digest: Digest = 'sha256';
  readonly encoding: Encoding = 'hex';
  readonly covers: readonly RequestPart[] = ['timestamp', 'id'];
  protected override readonly usesTimestamp = true;
  protected override readonly usesId = true;

  protected read(request: HttpRequest): SignatureFields | undefined {
    const found = isForm(request) ? formFields(request) : jsonFields(request);
    if (!found || typeof found.signature !== 'string') return undefined;
    return {
      signatures: [found.signature],
      timestamp:
        typeof found.timestamp === 'string' || typeof found.timestamp === 'number'
          ? String(found.timestamp)
          : undefined,
      id: typeof found.token === 'string' ? found.token : undefined,
    };
  }

  protected write(request: HttpRequest, fields: WrittenFields): HttpRequest {
    const value = {
      timestamp: fields.timestamp ?? '',
      token: fields.id ?? '',
      signature: fields.signature,
    };
    if (isForm(request)) {
      const form = new URLSearchParams(request.body.toString('utf8'));
      for (const [name, text] of Object.entries(value)) form.set(name, text);
      return cloneRequest(request, { body: Buffer.from(form.toString()) });
    }
    // The JSON body with its top-level `signature` member set (appended when absent).
    // A validating pass finds the slot, so the event is neither parsed nor re-written;
    // bodies it cannot decide (not one JSON object, duplicate or escaped keys) go
    // through JSON.parse, which makes `{"signature": …}` of a body that is not an object.
    const slot = memberSlot(request.body, 'signature');
    if (slot) {
      const body = request.body;
      // JSON.stringify(value), written out: the same text, without the object walk.
      const text = `${slot.lead}{"timestamp":${JSON.stringify(value.timestamp)},"token":${JSON.stringify(value.token)},"signature":${JSON.stringify(value.signature)}}`;
      // One allocation; the event bytes go in with TypedArray#set (no call into C++),
      // the new text written as latin1 when it is ASCII (then latin1 is its UTF-8).
      const ascii = ASCII.test(text);
      const size = ascii ? text.length : Buffer.byteLength(text);
      const out = Buffer.allocUnsafe(body.length - (slot.end - slot.start) + size);
      out.set(body.subarray(0, slot.start), 0);
      if (ascii) out.write(text, slot.start, 'latin1');
      else out.write(text, slot.start);
      out.set(body.subarray(slot.end), slot.start + size);
      return cloneRequest(request, { body: out });
    }
    const object = parseObject(request) ?? {};
    return cloneRequest(request, {
      body: Buffer.from(JSON.stringify({ ...object, signature: value })),
    });
  }

  protected message(
    _request: HttpRequest,
    fields: Omit<SignatureFields, 'signatures'>,
  ): Message | undefined {
    if (fields.timestamp === undefined || fields.id === undefined) return undefined;
    return join(fields.timestamp, fields.id);
  }

  /** write() replaces the whole signature object or fields: no separate strip needed. */
  protected override signingBase(request: HttpRequest): HttpRequest {
    return request;
  }

  override strip(request: HttpRequest): HttpRequest {
    if (isForm(request)) {
      const form = new URLSearchParams(request.body.toString('utf8'));
      for (const name of ['timestamp', 'token', 'signature']) form.delete(name);
      return cloneRequest(request, { body: Buffer.from(form.toString()) });
    }
    const object = parseObject(request);
    if (!object || !('signature' in object)) return request;
    const rest = { ...object };
    delete rest.signature;
    return cloneRequest(request, { body: Buffer.from(JSON.stringify(rest)) });
  }

  override headerValue(request: HttpRequest): string {
    return this.read(request)?.signatures[0] ?? '';
  }

  /** The header-based probes do not apply: the signature sits in the body. */
  override malformedValues(): MalformedVariant[] {
    return [];
  }

  override truncatedValues(): MalformedVariant[] {
    return [];
  }
}

function parseObject(request: HttpRequest): Record<string, unknown> | undefined {
  return parseJsonObject(request.body);
}

function jsonFields(request: HttpRequest): MailgunSignature | undefined {
  const signature = parseObject(request)?.signature;
  return signature && typeof signature === 'object'
    ? (signature as MailgunSignature)
    : undefined;
}

function formFields(request: HttpRequest): MailgunSignature {
  const form = new URLSearchParams(request.body.toString('utf8'));
  return {
    timestamp: form.get('timestamp') ?? undefined,
    token: form.get('token') ?? undefined,
    signature: form.get('signature') ?? undefined,
  };
}

export const mailgun: SchemeDefinition = {
  id: 'mailgun',
  title:
    'Mailgun: signature {timestamp, token, signature} in the payload, HMAC-SHA256 of timestamp + token',
  build: () => new MailgunScheme(),
};
