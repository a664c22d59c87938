/**
 * A shared/exclusive gate over the scan's traffic. Ordinary check phases hold it
 * shared (many endpoints at once); a timing measurement holds it exclusive, so no
 * other request of this scan is in flight while it measures. Waiting exclusive
 * holders go first, so a long scan cannot starve a measurement.
 */
export class TrafficGate {
  #shared = 0;
  #exclusive = false;
  #exclusiveWaiting = 0;
  readonly #wakers: Array<() => void> = [];

  async shared<T>(task: () => Promise<T>): Promise<T> {
    while (this.#exclusive || this.#exclusiveWaiting > 0) await this.#wait();
    this.#shared += 1;
    try {
      return await task();
    } finally {
      this.#shared -= 1;
      this.#wakeAll();
    }
  }

  async exclusive<T>(task: () => Promise<T>): Promise<T> {
    this.#exclusiveWaiting += 1;
    while (this.#exclusive || this.#shared > 0) await this.#wait();
    this.#exclusiveWaiting -= 1;
    this.#exclusive = true;
    try {
      return await task();
    } finally {
      this.#exclusive = false;
      this.#wakeAll();
    }
  }

  #wait(): Promise<void> {
    return new Promise((resolve) => this.#wakers.push(resolve));
  }

  #wakeAll(): void {
    for (const wake of this.#wakers.splice(0)) wake();
  }
}
