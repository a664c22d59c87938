import type { CrackMaterial } from '../schemes/types.js';
import type { CrackKernel } from './kernel.js';
import type { ChunkJob, ChunkResult } from './protocol.js';
import { expandWord, PackedBuffer, planRules } from './rules.js';
import type { RuleName } from './rules.js';

// Lines expanded per kernel call when rules or key handling apply.
const LINES_PER_BATCH = 512;

export interface ScannerSetup {
  kernel: CrackKernel;
  message: Buffer;
  digest: CrackMaterial['digest'];
  /** Every received digest, concatenated. */
  signatures: Buffer;
  /** Undefined when the candidate is the key (most schemes). */
  keyFor?: CrackMaterial['keyFor'];
  rules: RuleName[];
}

/**
 * Tests the candidates of one chunk of wordlist lines: the per-candidate loop that
 * workers run (and the main thread, for lists too short to be worth a thread).
 */
export class ChunkScanner {
  readonly #setup: ScannerSetup;
  readonly #plan;
  readonly #candidates = new PackedBuffer();
  readonly #keys = new PackedBuffer();
  #keyLine = new Uint32Array(1024);

  constructor(setup: ScannerSetup) {
    this.#setup = setup;
    this.#plan = planRules(setup.rules);
  }

  scan(job: ChunkJob): ChunkResult {
    const { kernel, message, digest, signatures, keyFor } = this.#setup;
    const chunk = asBuffer(job.chunk);
    if (!keyFor && this.#plan.perWord === 1) {
      // The fast path: the kernel reads the lines itself, no JavaScript per candidate.
      const [hit, tested] = kernel.scanLines(chunk, message, digest, signatures, job.limit);
      if (hit < 0) return { seq: job.seq, tested };
      return { seq: job.seq, tested, hit: { line: hit, candidate: this.#lineAt(chunk, hit) } };
    }
    return this.#scanExpanded(job.seq, chunk, job.limit);
  }

  #scanExpanded(seq: number, chunk: Buffer, limit: number): ChunkResult {
    const candidates = this.#candidates;
    let tested = 0;
    let line = 0;
    let start = 0;
    while (start < chunk.length && tested < limit) {
      candidates.reset();
      const firstLine = line;
      for (let n = 0; n < LINES_PER_BATCH && start < chunk.length; n++, line++) {
        const newline = chunk.indexOf(10, start);
        const end = newline === -1 ? chunk.length : newline;
        const stop = end > start && chunk[end - 1] === 13 ? end - 1 : end;
        expandWord(chunk.subarray(start, stop), this.#plan, candidates);
        start = end + 1;
      }

      const room = limit - tested;
      const [hit, checked] = this.#setup.keyFor
        ? this.#scanWithKeys(room)
        : this.#scanCandidates(room);
      if (hit >= 0) {
        const candidate = Buffer.from(candidates.entry(hit));
        const hitLine = firstLine + Math.floor(hit / this.#plan.perWord);
        return { seq, tested: tested + hit + 1, hit: { line: hitLine, candidate } };
      }
      tested += checked;
    }
    return { seq, tested };
  }

  #scanCandidates(limit: number): [number, number] {
    const { kernel, message, digest, signatures } = this.#setup;
    const c = this.#candidates;
    return kernel.scanPacked(c.bytes, c.offsetView(), message, digest, signatures, limit);
  }

  /** Candidates whose key handling refuses them (not base64, say) count as tested. */
  #scanWithKeys(limit: number): [number, number] {
    const { kernel, message, digest, signatures, keyFor } = this.#setup;
    const keys = this.#keys;
    const count = Math.min(this.#candidates.count, limit);
    keys.reset();
    if (this.#keyLine.length < count) this.#keyLine = new Uint32Array(count * 2);
    for (let i = 0; i < count; i++) {
      const key = keyFor?.(this.#candidates.entry(i));
      if (!key) continue;
      const at = keys.reserve(key.length);
      key.copy(keys.bytes, at);
      this.#keyLine[keys.count] = i;
      keys.commit(at + key.length);
    }
    const [hit] = kernel.scanPacked(
      keys.bytes,
      keys.offsetView(),
      message,
      digest,
      signatures,
      keys.count,
    );
    return hit >= 0 ? [this.#keyLine[hit] ?? 0, count] : [-1, count];
  }

  #lineAt(chunk: Buffer, index: number): Uint8Array {
    const start = index === 0 ? 0 : this.#setup.kernel.countLines(chunk, index)[1];
    const newline = chunk.indexOf(10, start);
    const end = newline === -1 ? chunk.length : newline;
    const stop = end > start && chunk[end - 1] === 13 ? end - 1 : end;
    return Buffer.from(chunk.subarray(start, stop));
  }
}

export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
