import { EventEmitter } from 'node:events';
import { Agent } from 'undici';
import type {
  Exchange,
  HeaderList,
  HttpRequest,
  HttpResponse,
  SignatureKind,
} from '../model/http.js';
import { describeNetworkError } from './errors.js';
import { Limiter } from './limiter.js';
import { TimingChannel } from './timing-channel.js';
import type { Scope } from './scope.js';

export interface EngineOptions {
  scope: Scope;
  concurrency: number;
  rate?: number;
  timeoutMs: number;
  maxResponseBytes: number;
  maxRedirects?: number;
  /** A hard cap on requests for the whole scan: a bug can never become a flood. */
  maxRequests?: number;
}

export interface SendOptions {
  label: string;
  checkId?: string;
  signature: SignatureKind;
  followRedirects?: boolean;
}

export class OutOfScopeError extends Error {
  readonly code = 'out-of-scope';
}

export class RequestBudgetError extends Error {
  readonly code = 'request-budget';
}

/**
 * The only code that touches the network. Every request passes the scope guard and
 * the limiter, reads at most `maxResponseBytes` of the answer, and is kept in the
 * exchange log as evidence. Network failures become exchanges with an `error`.
 */
export class HttpEngine extends EventEmitter {
  readonly exchanges: Exchange[] = [];
  readonly #agent: Agent;
  readonly #limiter: Limiter;
  readonly #options: EngineOptions;
  #sent = 0;

  constructor(options: EngineOptions) {
    super();
    this.#options = options;
    this.#limiter = new Limiter(options.concurrency, options.rate);
    this.#agent = new Agent({
      connections: Math.max(1, options.concurrency),
      keepAliveTimeout: 10_000,
      connect: { timeout: options.timeoutMs },
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
    });
  }

  get requestsSent(): number {
    return this.#sent;
  }

  get scope(): Scope {
    return this.#options.scope;
  }

  async send(request: HttpRequest, options: SendOptions): Promise<Exchange> {
    let current = request;
    let exchange = await this.#sendOnce(current, options);
    const maxRedirects = this.#options.maxRedirects ?? 3;

    for (let hop = 0; options.followRedirects && hop < maxRedirects; hop += 1) {
      const next = redirectTarget(exchange, current);
      if (!next || !this.#options.scope.allows(next.url)) break;
      current = next;
      exchange = await this.#sendOnce(current, {
        ...options,
        label: `${options.label} (redirect)`,
      });
    }
    return exchange;
  }

  /**
   * A dedicated single-connection client for timing measurements, under the same
   * scope guard, rate and request budget as everything else the engine sends.
   */
  timingChannel(origin: string): TimingChannel {
    const { rate, timeoutMs, scope } = this.#options;
    return new TimingChannel(origin, {
      scope,
      timeoutMs,
      intervalMs: rate && rate > 0 ? 1000 / rate : 0,
      reserve: () => {
        if (
          this.#options.maxRequests !== undefined &&
          this.#sent >= this.#options.maxRequests
        ) {
          throw new RequestBudgetError(
            `the scan's request budget (${this.#options.maxRequests}) is spent`,
          );
        }
        this.#sent += 1;
      },
    });
  }

  async close(): Promise<void> {
    await this.#agent.close();
  }

  async #sendOnce(request: HttpRequest, options: SendOptions): Promise<Exchange> {
    if (!this.#options.scope.allows(request.url)) {
      throw new OutOfScopeError(`refusing to send to ${request.url}: outside the scan's scope`);
    }
    if (this.#options.maxRequests !== undefined && this.#sent >= this.#options.maxRequests) {
      throw new RequestBudgetError(
        `the scan's request budget (${this.#options.maxRequests}) is spent`,
      );
    }
    this.#sent += 1;

    return this.#limiter.run(async () => {
      const exchange: Exchange = {
        id: this.exchanges.length + 1,
        label: options.label,
        checkId: options.checkId,
        signature: options.signature,
        request,
        startedAt: Date.now(),
      };
      this.exchanges.push(exchange);
      await this.#perform(exchange);
      this.emit('exchange', exchange);
      return exchange;
    });
  }

  async #perform(exchange: Exchange): Promise<void> {
    const { request } = exchange;
    const url = new URL(request.url);
    const started = performance.now();

    try {
      const response = await this.#agent.request({
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: request.method,
        headers: request.headers.flat(),
        body: request.method === 'GET' || request.method === 'HEAD' ? undefined : request.body,
        signal: AbortSignal.timeout(this.#options.timeoutMs * 2),
      });
      exchange.ttfbMs = performance.now() - started;
      exchange.response = await this.#readResponse(response);
    } catch (error) {
      exchange.error = describeNetworkError(error);
    }
    exchange.totalMs = performance.now() - started;
  }

  async #readResponse(response: Awaited<ReturnType<Agent['request']>>): Promise<HttpResponse> {
    const cap = this.#options.maxResponseBytes;
    const chunks: Buffer[] = [];
    let kept = 0;
    let seen = 0;
    let truncated = false;

    for await (const chunk of response.body) {
      const buffer = chunk as Buffer;
      seen += buffer.length;
      if (kept < cap) {
        const slice = buffer.subarray(0, cap - kept);
        chunks.push(slice);
        kept += slice.length;
      }
      if (seen > cap) {
        // Past the cap the rest is discarded: closing the stream drops the connection
        // instead of reading (and waiting for) an unbounded body.
        truncated = true;
        response.body.destroy();
        break;
      }
    }

    return {
      status: response.statusCode,
      headers: toHeaderList(response.headers),
      body: Buffer.concat(chunks),
      bodyBytes: seen,
      truncated,
    };
  }
}

function toHeaderList(headers: Record<string, string | string[] | undefined>): HeaderList {
  const list: HeaderList = [];
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) list.push([name, item]);
  }
  return list;
}

function redirectTarget(exchange: Exchange, request: HttpRequest): HttpRequest | undefined {
  const response = exchange.response;
  if (!response || response.status < 300 || response.status >= 400) return undefined;
  const location = response.headers.find(([name]) => name === 'location')?.[1];
  if (!location) return undefined;

  const url = new URL(location, request.url).toString();
  const keepsMethod = response.status === 307 || response.status === 308;
  return {
    method: keepsMethod ? request.method : 'GET',
    url,
    headers: request.headers,
    body: keepsMethod ? request.body : Buffer.alloc(0),
  };
}
