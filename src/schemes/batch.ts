import { cloneRequest } from '../model/http.js';
import type { HttpRequest } from '../model/http.js';
import type { HmacScheme } from './hmac-scheme.js';
import { isJsonObject, parseJsonObject } from './json-object.js';
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

/** Where a batch body keeps its items: the array and how each item wraps its event. */
export interface BatchLayout {
  /** Key of the array in the top-level JSON object. */
  arrayKey: string;
  /** Key that wraps each item's event inside the array entry, if any. */
  itemKey?: string;
  /** Gives an item a new event id (so a receiver that dedupes sees a new event). */
  freshenItem(item: Record<string, unknown>): Record<string, unknown>;
  /** A plausible batch, sent when the user gives no body. */
  example(): Buffer;
  /** What a usable secret looks like (for the error when it is not one). */
  keyFormat: string;
  /**
   * One parsed event signed with an HMAC key (what the item scheme's keyFor gives), so
   * a batch is parsed and written once however many items it has. The event is the
   * caller's own freshly parsed copy: it may be changed in place and returned.
   */
  signEvent(event: Record<string, unknown>, key: Buffer): Record<string, unknown>;
}

/**
 * Each item of a batch seen by the item scheme as a request of its own: the parent's
 * method, URL and headers, and the item's JSON as the body.
 */
export interface BatchAccess {
  /** The items of a batch request, each as a request, or undefined when not a batch. */
  items(request: HttpRequest): HttpRequest[] | undefined;
  /** The batch request with these items in place of its own, in this order. */
  compose(request: HttpRequest, items: readonly HttpRequest[]): HttpRequest;
  /** The scheme that signs and reads one item. */
  readonly item: HmacScheme;
  /** What a usable secret looks like, for the error when it is not one. */
  readonly keyFormat: string;
  /** Where the items sit in the body, for messages. */
  readonly itemsAt: string;
  /** One item with a new event id, so two items of one batch are distinct events. */
  freshenItem(item: HttpRequest): HttpRequest;
}

interface ParsedBatch {
  root: Record<string, unknown>;
  entries: unknown[];
}

/**
 * A scheme whose request carries a batch of events, each signed on its own inside the
 * body (Adyen's notificationItems). Signing signs every item; a request verifies only
 * when every item does, because that is what a correct receiver must check.
 */
export class BatchScheme implements SignatureScheme, BatchAccess {
  readonly timestampHeader?: string;
  readonly idHeader?: string;
  readonly windowSeconds?: number;

  constructor(
    readonly id: string,
    readonly title: string,
    readonly item: HmacScheme,
    private readonly layout: BatchLayout,
  ) {}

  get keyFormat(): string {
    return this.layout.keyFormat;
  }

  get itemsAt(): string {
    const { arrayKey, itemKey } = this.layout;
    return itemKey ? `${arrayKey}[].${itemKey}` : `${arrayKey}[]`;
  }

  get signatureHeader(): string {
    return this.item.signatureHeader;
  }

  get digest(): Digest {
    return this.item.digest;
  }

  get encoding(): Encoding {
    return this.item.encoding;
  }

  get covers(): readonly RequestPart[] {
    return this.item.covers;
  }

  items(request: HttpRequest): HttpRequest[] | undefined {
    const parsed = parseBatch(request, this.layout.arrayKey);
    if (!parsed) return undefined;
    const items: HttpRequest[] = [];
    for (const entry of parsed.entries) {
      const event = this.#unwrap(entry);
      if (!event) return undefined;
      items.push(cloneRequest(request, { body: Buffer.from(JSON.stringify(event)) }));
    }
    return items;
  }

  compose(request: HttpRequest, items: readonly HttpRequest[]): HttpRequest {
    const parsed = parseBatch(request, this.layout.arrayKey);
    const root = parsed?.root ?? {};
    const { itemKey } = this.layout;
    const entries = items.map((item) => {
      const event: unknown = JSON.parse(item.body.toString('utf8'));
      return itemKey ? { [itemKey]: event } : event;
    });
    const body = JSON.stringify({ ...root, [this.layout.arrayKey]: entries });
    return cloneRequest(request, { body: Buffer.from(body) });
  }

  freshenItem(item: HttpRequest): HttpRequest {
    const event = parseJsonObject(item.body);
    if (!event) return item;
    const body = JSON.stringify(this.layout.freshenItem(event));
    return cloneRequest(item, { body: Buffer.from(body) });
  }

  exampleBody(): Buffer {
    return this.layout.example();
  }

  /** The batch with every item given a new event id. */
  freshen(request: HttpRequest): HttpRequest {
    const items = this.items(request);
    return items
      ? this.compose(
          request,
          items.map((item) => this.freshenItem(item)),
        )
      : request;
  }

  detect(request: HttpRequest): boolean {
    return this.#each(request, (item) => this.item.detect(item)).some(Boolean);
  }

  sign(request: HttpRequest, options: SignOptions): HttpRequest {
    const { arrayKey, itemKey, signEvent } = this.layout;
    const parsed = parseBatch(request, arrayKey);
    const key = this.item.keyFor(options.secret);
    if (!parsed || !key) return this.#map(request, (item) => this.item.sign(item, options));

    // The parsed tree is this call's own copy: each event is signed where it sits, and
    // the root written as it is. That is the JSON the copying form gives ({...root,
    // [arrayKey]: entries} with each entry {...entry, [itemKey]: signed}): every key
    // keeps its place, only the events' signature members change.
    const { entries } = parsed;
    for (let i = 0; i < entries.length; i += 1) {
      const entry = entries[i];
      const event = this.#unwrap(entry);
      if (!event) continue;
      const signed = signEvent(event, key);
      if (signed === event) continue;
      if (itemKey) (entry as Record<string, unknown>)[itemKey] = signed;
      else entries[i] = signed;
    }
    return cloneRequest(request, { body: Buffer.from(JSON.stringify(parsed.root)) });
  }

  strip(request: HttpRequest): HttpRequest {
    return this.#map(request, (item) => this.item.strip(item));
  }

  verify(request: HttpRequest, secret: Buffer): boolean {
    const verdicts = this.#each(request, (item) => this.item.verify(item, secret));
    return verdicts.length > 0 && verdicts.every(Boolean);
  }

  signaturesOf(request: HttpRequest): string[] {
    return this.#each(request, (item) => this.item.signaturesOf(item)).flat();
  }

  /** The first signed item is material enough: every item is signed with one key. */
  crackMaterial(request: HttpRequest): CrackMaterial | undefined {
    for (const item of this.items(request) ?? []) {
      const material = this.item.crackMaterial(item);
      if (material) return material;
    }
    return undefined;
  }

  timestampOf(request: HttpRequest): number | undefined {
    const first = this.items(request)?.[0];
    return first ? this.item.timestampOf(first) : undefined;
  }

  withTimestamp(request: HttpRequest, timestamp: number): HttpRequest | undefined {
    const items = this.items(request);
    const moved = items?.map((item) => this.item.withTimestamp(item, timestamp));
    if (!moved || moved.some((item) => item === undefined)) return undefined;
    return this.compose(request, moved as HttpRequest[]);
  }

  // The signature sits in each item's body, not in a header: the header probes
  // (malformed values, truncation, moved signatures) do not apply to a batch.
  malformedValues(): MalformedVariant[] {
    return [];
  }

  truncatedValues(): MalformedVariant[] {
    return [];
  }

  alternates(): AlternateSignature[] {
    return [];
  }

  shiftedFields(): AlternateSignature[] {
    return [];
  }

  #unwrap(entry: unknown): Record<string, unknown> | undefined {
    const { itemKey } = this.layout;
    const value = itemKey && isJsonObject(entry) ? entry[itemKey] : entry;
    return isJsonObject(value) ? value : undefined;
  }

  #each<T>(request: HttpRequest, read: (item: HttpRequest) => T): T[] {
    return (this.items(request) ?? []).map(read);
  }

  #map(request: HttpRequest, change: (item: HttpRequest) => HttpRequest): HttpRequest {
    const items = this.items(request);
    return items ? this.compose(request, items.map(change)) : request;
  }
}

/** Whether a scheme carries batches of separately signed items. */
export function batchOf(scheme: SignatureScheme): BatchAccess | undefined {
  return scheme instanceof BatchScheme ? scheme : undefined;
}

function parseBatch(request: HttpRequest, arrayKey: string): ParsedBatch | undefined {
  const root = parseJsonObject(request.body);
  const entries = root?.[arrayKey];
  return root && Array.isArray(entries) && entries.length > 0 ? { root, entries } : undefined;
}
