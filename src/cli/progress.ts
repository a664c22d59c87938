import type { ProgressEvent } from '../scan/session.js';

/** One status line on stderr, redrawn in place; only when stderr is a terminal. */
export class ProgressLine {
  readonly #enabled: boolean;
  #shown = false;

  constructor(enabled: boolean) {
    this.#enabled = enabled;
  }

  update(event: ProgressEvent): void {
    if (!this.#enabled) return;
    const text =
      `scanning: ${event.unit} ${event.endpointsDone}/${event.endpointsTotal} · ` +
      `${event.requests} requests · ${event.findings} findings`;
    process.stderr.write(`\r\x1b[2K${text}`);
    this.#shown = true;
  }

  clear(): void {
    if (this.#shown) process.stderr.write('\r\x1b[2K');
    this.#shown = false;
  }
}
