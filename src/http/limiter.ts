/**
 * Concurrency and rate limits for outgoing requests. Requests start no faster than
 * `rate` per second (evenly spaced, so a burst never exceeds the user's limit) and no
 * more than `concurrency` are in flight at once.
 */
export class Limiter {
  readonly #concurrency: number;
  readonly #intervalMs: number;
  #active = 0;
  #nextStart = 0;
  readonly #waiting: Array<() => void> = [];

  constructor(concurrency: number, ratePerSecond: number | undefined) {
    this.#concurrency = Math.max(1, concurrency);
    this.#intervalMs = ratePerSecond && ratePerSecond > 0 ? 1000 / ratePerSecond : 0;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    await this.#acquire();
    try {
      await this.#pace();
      return await task();
    } finally {
      this.#release();
    }
  }

  async #acquire(): Promise<void> {
    if (this.#active < this.#concurrency) {
      this.#active += 1;
      return;
    }
    await new Promise<void>((resolve) => this.#waiting.push(resolve));
  }

  #release(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#active -= 1;
  }

  async #pace(): Promise<void> {
    if (this.#intervalMs === 0) return;
    const now = performance.now();
    const start = Math.max(now, this.#nextStart);
    this.#nextStart = start + this.#intervalMs;
    if (start > now) await new Promise((resolve) => setTimeout(resolve, start - now));
  }
}
