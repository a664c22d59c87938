import type { HttpEngine } from '../http/engine.js';
import type { Exchange, HttpRequest } from '../model/http.js';

// Values that change with the clock, not with what the endpoint did. Small numbers
// (counters) are kept: they are exactly what an oracle is read for.
const DRIFT: Array<[RegExp, string]> = [
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>'],
  [/\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?/g, '<time>'],
  [/\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT\b/g, '<time>'],
  [/\b\d{10,}(\.\d+)?\b/g, '<epoch>'],
  [/\b[0-9a-f]{24,}\b/gi, '<hex>'],
];

export function oracleState(body: Buffer): string {
  let text = body.toString('utf8');
  for (const [pattern, replacement] of DRIFT) text = text.replace(pattern, replacement);
  return text;
}

/**
 * A read-only request whose answer changes when the endpoint acts (a delivery log, a
 * counter). Probes are serialised through it: send, read, compare with the previous
 * read. A change is attributed to a probe only when sending it again changes the
 * oracle again and a read with nothing sent does not: clocks and other traffic move
 * oracles too.
 */
export class Oracle {
  #last?: string;
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
      const error = first.error?.message ?? second.error?.message;
      return `the oracle ${this.request.method} ${this.request.url} did not answer (${error})`;
    }
    if (first.response.status >= 400) {
      return `the oracle answered HTTP ${first.response.status}; it must answer a successful read`;
    }
    if (oracleState(first.response.body) !== oracleState(second.response.body)) {
      return 'the oracle changed between two reads with nothing sent; it cannot show what a probe did';
    }
    this.#last = oracleState(second.response.body);
    this.#stable = true;
    return undefined;
  }

  /** Runs `send`, reads the oracle, and confirms any change before it is believed. */
  observe(send: () => Promise<Exchange>): Promise<Exchange> {
    const next = this.#queue.then(async () => {
      const exchange = await send();
      exchange.oracleChanged = false;
      if (!(await this.#changed(`oracle after #${exchange.id}`))) return exchange;

      const again = await send();
      const repeated = await this.#changed(
        `oracle after #${again.id} (repeat of #${exchange.id})`,
      );
      await new Promise((resolve) => setTimeout(resolve, 50));
      const idle = await this.#changed(`oracle with nothing sent (after #${again.id})`);
      exchange.oracleChanged = repeated && !idle;
      return exchange;
    });
    this.#queue = next.catch(() => undefined);
    return next;
  }

  async #changed(label: string): Promise<boolean> {
    const read = await this.#read(label);
    if (!read.response) return false;
    const state = oracleState(read.response.body);
    const changed = this.#last !== undefined && state !== this.#last;
    this.#last = state;
    return changed;
  }

  async #read(label: string): Promise<Exchange> {
    const exchange = await this.engine.send(this.request, {
      label,
      signature: 'none',
      followRedirects: true,
    });
    this.reads.push(exchange);
    return exchange;
  }
}
