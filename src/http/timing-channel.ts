import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { Client } from 'undici';
import type { HttpRequest } from '../model/http.js';
import { OutOfScopeError } from './engine.js';
import type { Scope } from './scope.js';

export interface TimingChannelOptions {
  scope: Scope;
  timeoutMs: number;
  /** Minimum gap between request starts (from --rate); 0 for none. */
  intervalMs: number;
  /** Counts one request against the scan's budget; throws when it is spent. */
  reserve(): void;
}

export interface TimedResponse {
  status: number;
  body: Buffer;
  /**
   * From just before the request is written to the socket to the parsed response head, in
   * µs: the connection set-up (a new one per request on servers that close) and the
   * client's own queueing are outside the interval.
   */
  micros: number;
}

interface UndiciMessage {
  request: { origin?: unknown };
}

/**
 * One keep-alive connection with one request in flight, for response-time
 * measurement only. The scan's shared pool would put several requests on several
 * sockets at once, and that queueing is noise far larger than the differences timing
 * looks for. Every request still passes the scope guard and counts against the
 * scan's request budget; bodies are read (to keep the connection reusable) and kept
 * only up to a small cap.
 */
export class TimingChannel {
  readonly #client: Client;
  readonly #options: TimingChannelOptions;
  readonly #origin: string;
  #nextStart = 0;
  #inFlight = false;
  #sentAt?: bigint;
  #headAt?: bigint;
  readonly #onSent = (message: unknown) => {
    if (this.#mine(message)) this.#sentAt = process.hrtime.bigint();
  };
  readonly #onHead = (message: unknown) => {
    if (this.#mine(message)) this.#headAt ??= process.hrtime.bigint();
  };

  constructor(origin: string, options: TimingChannelOptions) {
    if (!options.scope.allows(origin)) {
      throw new OutOfScopeError(`refusing to time ${origin}: outside the scan's scope`);
    }
    this.#origin = new URL(origin).origin;
    this.#options = options;
    this.#client = new Client(this.#origin, {
      pipelining: 1,
      keepAliveTimeout: 30_000,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      connect: { timeout: options.timeoutMs },
    });
    // undici reports these moments on diagnostics channels; they bracket the wire time
    // more tightly than the request promise does.
    subscribe('undici:client:sendHeaders', this.#onSent);
    subscribe('undici:request:headers', this.#onHead);
  }

  async send(request: HttpRequest): Promise<TimedResponse> {
    const url = new URL(request.url);
    if (url.origin !== this.#origin || !this.#options.scope.allows(request.url)) {
      throw new OutOfScopeError(
        `refusing to send to ${request.url}: not this channel's origin`,
      );
    }
    this.#options.reserve();
    await this.#pace();

    const started = process.hrtime.bigint();
    this.#sentAt = undefined;
    this.#headAt = undefined;
    this.#inFlight = true;
    const response = await this.#client.request({
      path: `${url.pathname}${url.search}`,
      method: request.method,
      headers: request.headers.flat(),
      body: request.method === 'GET' || request.method === 'HEAD' ? undefined : request.body,
    });
    const resolved = process.hrtime.bigint();
    this.#inFlight = false;
    const from = this.#sentAt ?? started;
    const micros = Number((this.#headAt ?? resolved) - from) / 1000;

    const chunks: Buffer[] = [];
    let kept = 0;
    for await (const chunk of response.body) {
      const buffer = chunk as Buffer;
      if (kept < 64 * 1024) chunks.push(buffer);
      kept += buffer.length;
    }
    return { status: response.statusCode, body: Buffer.concat(chunks), micros };
  }

  async close(): Promise<void> {
    unsubscribe('undici:client:sendHeaders', this.#onSent);
    unsubscribe('undici:request:headers', this.#onHead);
    await this.#client.close();
  }

  #mine(message: unknown): boolean {
    const origin = (message as UndiciMessage).request?.origin;
    return (
      this.#inFlight && typeof origin === 'string' && new URL(origin).origin === this.#origin
    );
  }

  async #pace(): Promise<void> {
    const { intervalMs } = this.#options;
    if (intervalMs <= 0) return;
    const now = performance.now();
    const start = Math.max(now, this.#nextStart);
    this.#nextStart = start + intervalMs;
    if (start > now) await new Promise((resolve) => setTimeout(resolve, start - now));
  }
}
