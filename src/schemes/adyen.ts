import { createHmac, randomBytes } from 'node:crypto';
import { cloneRequest } from '../model/http.js';
import type { HttpRequest } from '../model/http.js';
import { BatchScheme } from './batch.js';
import { isJsonObject, parseJsonObject } from './json-object.js';
import type { SchemeDefinition } from './definition.js';
import type { Message } from './hmac.js';
import { HmacScheme } from './hmac-scheme.js';
import type { SignatureFields, WrittenFields } from './hmac-scheme.js';
import type { Digest, Encoding, RequestPart } from './types.js';

type Item = Record<string, unknown>;

/**
 * One Adyen NotificationRequestItem. Adyen signs eight of its fields joined by ":"
 * (pspReference, originalReference, merchantAccountCode, merchantReference, amount
 * value and currency, eventCode, success) with HMAC-SHA256 under the hex-decoded key,
 * and puts the base64 signature in additionalData.hmacSignature. Everything else in
 * the item (reason, eventDate, the rest of additionalData) is not signed.
 */
class AdyenItemScheme extends HmacScheme {
  readonly id = 'adyen';
  readonly title = 'Adyen notification item';
  readonly signatureHeader = 'additionalData.hmacSignature';
  readonly digest: Digest = 'sha256';
  readonly encoding: Encoding = 'base64';
  readonly covers: readonly RequestPart[] = ['id'];

  protected read(request: HttpRequest): SignatureFields | undefined {
    const signature = additionalData(parseItem(request))?.hmacSignature;
    return typeof signature === 'string' ? { signatures: [signature] } : undefined;
  }

  protected write(request: HttpRequest, fields: WrittenFields): HttpRequest {
    const item = parseItem(request) ?? {};
    const extra = { ...additionalData(item), hmacSignature: fields.signature };
    return withItem(request, { ...item, additionalData: extra });
  }

  protected message(request: HttpRequest): Message | undefined {
    const item = parseItem(request);
    return item ? Buffer.from(signedString(item), 'utf8') : undefined;
  }

  /** Adyen's key is shown to merchants as hex; only a hex secret can be one. */
  override keyFor(secret: Buffer): Buffer | undefined {
    const hex = secret.toString('latin1').trim();
    return /^(?:[0-9a-fA-F]{2})+$/.test(hex) ? Buffer.from(hex, 'hex') : undefined;
  }

  /** write() replaces the signature in place: no separate strip needed. */
  protected override signingBase(request: HttpRequest): HttpRequest {
    return request;
  }

  override strip(request: HttpRequest): HttpRequest {
    const item = parseItem(request);
    const extra = additionalData(item);
    if (!item || !extra || !('hmacSignature' in extra)) return request;
    const rest = { ...extra };
    delete rest.hmacSignature;
    return withItem(request, { ...item, additionalData: rest });
  }

  override headerValue(request: HttpRequest): string {
    return this.read(request)?.signatures[0] ?? '';
  }
}

/**
 * Adyen's signed string: eight fields of the item joined by ":" (as [...].map(text)
 * .join(':') would, written out without the arrays).
 */
function signedString(item: Item): string {
  const amount = isJsonObject(item.amount) ? item.amount : undefined;
  return (
    `${text(item.pspReference)}:${text(item.originalReference)}:` +
    `${text(item.merchantAccountCode)}:${text(item.merchantReference)}:` +
    `${text(amount?.value)}:${text(amount?.currency)}:` +
    `${text(item.eventCode)}:${text(item.success)}`
  );
}

/**
 * The item with its signature made with `key`, the hex-decoded HMAC key: the same
 * JSON as {...item, additionalData: {...additionalData(item), hmacSignature}}, set in
 * place (a batch hands over its own parsed copy): an existing member keeps its place,
 * a new one goes last, as with the spreads.
 */
function signItem(item: Item, key: Buffer): Item {
  const hmacSignature = createHmac('sha256', key).update(signedString(item)).digest('base64');
  const extra = additionalData(item);
  if (extra) extra.hmacSignature = hmacSignature;
  else item.additionalData = { hmacSignature };
  return item;
}

/** Values join as JavaScript's Array.join writes them: null and undefined are empty. */
function text(value: unknown): string {
  return value === undefined || value === null ? '' : String(value);
}

function parseItem(request: HttpRequest): Item | undefined {
  return parseJsonObject(request.body);
}

function additionalData(item: Item | undefined): Item | undefined {
  return item && isJsonObject(item.additionalData) ? item.additionalData : undefined;
}

function withItem(request: HttpRequest, item: Item): HttpRequest {
  return cloneRequest(request, { body: Buffer.from(JSON.stringify(item)) });
}

/** A PSP reference in Adyen's form: 16 characters of digits and capitals. */
function pspReference(): string {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  return [...randomBytes(16)].map((byte) => alphabet[byte % alphabet.length]).join('');
}

/** A two-item AUTHORISATION batch, so a scan without --body sends what Adyen sends. */
export function adyenExampleBody(): Buffer {
  const item = (reference: string, value: number) => ({
    NotificationRequestItem: {
      pspReference: pspReference(),
      merchantAccountCode: 'SigprobeTestAccount',
      merchantReference: reference,
      amount: { value, currency: 'EUR' },
      eventCode: 'AUTHORISATION',
      eventDate: new Date().toISOString(),
      success: 'true',
      additionalData: {},
    },
  });
  return Buffer.from(
    JSON.stringify({
      live: 'false',
      notificationItems: [item('sigprobe-order-1', 1000), item('sigprobe-order-2', 2500)],
    }),
  );
}

export const adyen: SchemeDefinition = {
  id: 'adyen',
  title:
    'Adyen: batches of notification items, each signed (HMAC-SHA256, hex key, base64) ' +
    'in additionalData.hmacSignature',
  build: () =>
    new BatchScheme('adyen', 'Adyen notifications', new AdyenItemScheme(), {
      arrayKey: 'notificationItems',
      itemKey: 'NotificationRequestItem',
      freshenItem: (item) => ({ ...item, pspReference: pspReference() }),
      example: adyenExampleBody,
      signEvent: signItem,
      keyFormat: "hex digits, as Adyen's Customer Area shows the HMAC key",
    }),
};
