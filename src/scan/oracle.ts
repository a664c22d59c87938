import type { HttpEngine } from '../http/engine.js';
import type { Exchange, HttpRequest } from '../model/http.js';

/**
 * A read-only request whose answer changes when the endpoint acts (a delivery log, a
 * counter). Probes are serialised through it: send, read the oracle, compare with
 * the previous read. The raw bytes are compared, since a counter is exactly the kind
 * of value a fingerprint would mask.
 */
export class Oracle {
  #last?: Buffer;
  #stable = false;
  #queue: Promise<unknown> = Promise.resolve();
  readonly reads: Exchange[] = [];

  constructor(
    private readonly engine: HttpEngine,
    readonly request: HttpRequest,
  ) {}

  get stable(): boolean {
    return this.#stable;
  }

  /** Reads twice with nothing in between: an oracle that changes by itself is useless. */
  async calibrate(): Promise<string | undefined> {
    const first = await this.#read('oracle: calibration 1');
    const second = await this.#read('oracle: calibration 2');
    if (!first.response || !second.response) {
      return `the oracle ${this.request.method} ${this.request.url} did not answer (${first.error?.message ?? second.error?.message})`;
    }
    if (first.response.status >= 400) {
      return `the oracle answered HTTP ${first.response.status}; it must answer a successful read`;
    }
    if (!first.response.body.equals(second.response.body)) {
      return 'the oracle changed between two reads with nothing sent; it cannot show what a probe did';
    }
    this.#last = second.response.body;
    this.#stable = true;
    return undefined;
  }

  /** Runs `send`, then reads the oracle; one probe at a time so changes are attributable. */
  observe(send: () => Promise<Exchange>): Promise<Exchange> {
    const next = this.#queue.then(async () => {
      const exchange = await send();
      const read = await this.#read(`oracle after #${exchange.id}`);
      if (read.response) {
        exchange.oracleChanged = this.#last !== undefined && !read.response.body.equals(this.#last);
        this.#last = read.response.body;
      }
      return exchange;
    });
    this.#queue = next.catch(() => undefined);
    return next;
  }

  async #read(label: string): Promise<Exchange> {
    const exchange = await this.engine.send(this.request, { label, signature: 'none', followRedirects: true });
    this.reads.push(exchange);
    return exchange;
  }
}
