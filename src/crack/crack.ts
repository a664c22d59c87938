import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { Readable } from 'node:stream';
import type { CrackMaterial } from '../schemes/types.js';
import { selectKernel } from './kernel.js';
import type { KernelChoice } from './kernel.js';
import type { ChunkJob, ChunkResult, KeyMode, WorkerSetup } from './protocol.js';
import { planRules } from './rules.js';
import type { RuleName } from './rules.js';
import { ChunkScanner } from './scanner.js';
import { CHUNK_BYTES, lineChunks } from './sources.js';
import type { CandidateSource, ChunkInput } from './sources.js';

export interface CrackJob {
  material: CrackMaterial;
  keyMode: KeyMode;
  sources: CandidateSource[];
  rules?: RuleName[];
  /** Threads; 0 runs on the calling thread. Default: one per core, or 0 for short lists. */
  workers?: number;
  maxCandidates?: number;
  maxTimeMs?: number;
  kernel?: KernelChoice;
  onProgress?: (progress: CrackProgress) => void;
}

export interface CrackProgress {
  tested: number;
  elapsedMs: number;
  /** Candidates per second so far. */
  rate: number;
  /** Share of the known input read (0..1), when the sizes are known. */
  fraction?: number;
}

export type StopReason = 'found' | 'exhausted' | 'max-candidates' | 'max-time';

export interface CrackOutcome {
  found?: { candidate: Buffer; source: string; line: number };
  tested: number;
  elapsedMs: number;
  stopped: StopReason;
  kernel: 'native' | 'js';
  workers: number;
}

// Chunks queued per worker: one running, one waiting, so no thread idles between them.
const IN_FLIGHT_PER_WORKER = 2;
const PROGRESS_INTERVAL_MS = 250;
// The kernels take whole numbers; "no budget" is this many lines.
const MAX_LINES = Number.MAX_SAFE_INTEGER;
// Below this many candidates starting threads costs more than the hashing.
const INLINE_CANDIDATES = 50_000;
// Room for one chunk plus the partial line carried into it.
const SLOT_BYTES = 2 * CHUNK_BYTES;

/** Runs chunks somewhere and reports each result through the callback. */
interface Runner {
  /** Resolves when another chunk may be handed over, or false when stopping. */
  ready(): Promise<boolean>;
  run(job: ChunkJob): void;
  drained(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Runs the candidates of every source through the kernel on worker threads and stops
 * at the first hit, at the candidate or time budget, or when the sources run out.
 * Memory stays flat: a source is read a chunk at a time, and only a few chunks per
 * worker are in flight.
 */
export async function crack(job: CrackJob): Promise<CrackOutcome> {
  const started = performance.now();
  const kernel = selectKernel(job.kernel);
  const perWord = planRules(job.rules ?? []).perWord;
  const workerCount = job.workers ?? defaultWorkers(job.sources, perWord);

  let tested = 0;
  let stopped: StopReason | undefined;
  let found: CrackOutcome['found'];
  let failure: Error | undefined;
  const where = new Map<number, { source: string; lineBase: number }>();

  const onResult = (result: ChunkResult): void => {
    const origin = where.get(result.seq);
    where.delete(result.seq);
    tested += result.tested;
    if (result.error) failure ??= new Error(`crack worker: ${result.error}`);
    if (result.hit && origin && !found) {
      const candidate = Buffer.from(result.hit.candidate);
      found = { candidate, source: origin.source, line: origin.lineBase + result.hit.line + 1 };
      stopped ??= 'found';
    }
    if (failure) stopped ??= 'exhausted';
  };
  const isStopped = (): boolean => stopped !== undefined;
  const setup: WorkerSetup = {
    message: job.material.message,
    digest: job.material.digest,
    signatures: Buffer.concat(job.material.signatures),
    keyMode: job.keyMode,
    rules: job.rules ?? [],
    kernel: kernel.name,
  };
  const runner =
    workerCount === 0
      ? inlineRunner(
          new ChunkScanner({
            ...setup,
            kernel,
            message: job.material.message,
            signatures: Buffer.from(setup.signatures),
            keyFor: inlineKeyFor(job),
          }),
          onResult,
          isStopped,
        )
      : threadRunner(setup, workerCount, onResult, isStopped, (error) => {
          failure ??= error;
          stopped ??= 'exhausted';
        });

  const timer =
    job.maxTimeMs === undefined
      ? undefined
      : setTimeout(() => (stopped ??= 'max-time'), job.maxTimeMs);
  const totalBytes = sumSizes(job.sources);
  let bytesRead = 0;
  const report = (): void => {
    const elapsedMs = performance.now() - started;
    const byBytes =
      totalBytes === undefined ? undefined : Math.min(1, bytesRead / Math.max(1, totalBytes));
    // With a candidate budget the run may end long before the input does.
    const byBudget =
      job.maxCandidates === undefined ? undefined : Math.min(1, tested / job.maxCandidates);
    const fraction = byBudget === undefined ? byBytes : Math.max(byBudget, byBytes ?? 0);
    job.onProgress?.({
      tested,
      elapsedMs,
      rate: elapsedMs > 0 ? (tested * 1000) / elapsedMs : 0,
      fraction,
    });
  };
  const ticker = job.onProgress ? setInterval(report, PROGRESS_INTERVAL_MS) : undefined;

  let seq = 0;
  let budget = job.maxCandidates ?? Number.POSITIVE_INFINITY;
  try {
    for (const source of job.sources) {
      if (stopped || budget <= 0) break;
      let lineBase = 0;
      const input = source.open();
      for await (const whole of lineChunks(input)) {
        if (stopped) break;
        bytesRead += whole.length;
        const [lines, usedBytes] = kernel.countLines(
          whole,
          Math.min(Math.ceil(budget / perWord), MAX_LINES),
        );
        const chunk = usedBytes < whole.length ? whole.subarray(0, usedBytes) : whole;
        const limit = Math.min(budget, lines * perWord, MAX_LINES);
        if (limit <= 0 || !(await runner.ready())) break;
        budget -= limit;
        where.set(seq, { source: source.name, lineBase });
        runner.run({ seq, chunk, limit });
        seq++;
        lineBase += lines;
        if (budget <= 0) break;
      }
      closeInput(input);
    }
    await runner.drained();
    stopped ??= budget <= 0 ? 'max-candidates' : 'exhausted';
  } finally {
    if (timer) clearTimeout(timer);
    if (ticker) clearInterval(ticker);
    await runner.close();
  }
  if (failure) throw failure;

  report();
  return {
    found,
    tested,
    elapsedMs: performance.now() - started,
    stopped,
    kernel: kernel.name,
    workers: workerCount,
  };
}

function defaultWorkers(sources: CandidateSource[], perWord: number): number {
  const lines = sources.reduce(
    (sum, source) => sum + (source.lines ?? Number.POSITIVE_INFINITY),
    0,
  );
  return lines * perWord <= INLINE_CANDIDATES ? 0 : availableParallelism();
}

/** On the calling thread the scheme's own keyFor can be used directly. */
function inlineKeyFor(job: CrackJob): CrackMaterial['keyFor'] | undefined {
  return job.keyMode.kind === 'identity' ? undefined : job.material.keyFor;
}

function inlineRunner(
  scanner: ChunkScanner,
  onResult: (r: ChunkResult) => void,
  isStopped: () => boolean,
): Runner {
  return {
    // Yield between chunks so a --max-time timer can fire.
    ready: () => new Promise((resolve) => setImmediate(() => resolve(!isStopped()))),
    run: (job) => onResult(scanner.scan(job)),
    drained: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
}

function threadRunner(
  setup: WorkerSetup,
  count: number,
  onResult: (r: ChunkResult) => void,
  isStopped: () => boolean,
  onError: (error: Error) => void,
): Runner {
  const workers = Array.from({ length: count }, () => startWorker(setup));
  const load = new Map<Worker, number>(workers.map((w) => [w, 0]));
  // Chunks travel in shared memory that is reused, not copied per message: copies
  // would pile up as garbage outside the heap faster than V8 collects it, and RSS
  // would climb with the wordlist's size.
  const freeSlots = new Map<Worker, SharedArrayBuffer[]>(workers.map((w) => [w, []]));
  const slotOf = new Map<number, SharedArrayBuffer>();
  let wake: (() => void) | undefined;
  const signal = (): void => {
    wake?.();
    wake = undefined;
  };
  const park = (): Promise<void> => new Promise((resolve) => (wake = resolve));
  // A stop (hit, time) must wake a waiting dispatcher even with no message arriving.
  const poll = setInterval(() => isStopped() && signal(), 50);

  for (const worker of workers) {
    worker.on('message', (result: ChunkResult) => {
      load.set(worker, (load.get(worker) ?? 1) - 1);
      const slot = slotOf.get(result.seq);
      slotOf.delete(result.seq);
      if (slot) freeSlots.get(worker)?.push(slot);
      onResult(result);
      signal();
    });
    worker.on('error', (error) => {
      onError(error);
      signal();
    });
  }
  const busy = (): number => [...load.values()].reduce((a, b) => a + b, 0);
  let next: Worker | undefined;

  return {
    async ready() {
      for (;;) {
        if (isStopped()) return false;
        next = [...load.entries()]
          .filter(([, n]) => n < IN_FLIGHT_PER_WORKER)
          .sort((a, b) => a[1] - b[1])[0]?.[0];
        if (next) return true;
        await park();
      }
    },
    run(job) {
      const worker = next ?? workers[0]!;
      load.set(worker, (load.get(worker) ?? 0) + 1);
      const free = freeSlots.get(worker) ?? [];
      let slot = free.pop();
      if (!slot || slot.byteLength < job.chunk.length)
        slot = new SharedArrayBuffer(Math.max(SLOT_BYTES, job.chunk.length));
      const view = new Uint8Array(slot, 0, job.chunk.length);
      view.set(job.chunk);
      slotOf.set(job.seq, slot);
      worker.postMessage({ ...job, chunk: view });
    },
    async drained() {
      while (!isStopped() && busy() > 0) await park();
    },
    async close() {
      clearInterval(poll);
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}

function sumSizes(sources: CandidateSource[]): number | undefined {
  let total = 0;
  for (const source of sources) {
    if (source.sizeBytes === undefined) return undefined;
    total += source.sizeBytes;
  }
  return total;
}

function closeInput(input: ChunkInput): void {
  // Stdin stays open for the process; a file generator closes itself when left.
  if (input instanceof Readable && input !== process.stdin) input.destroy();
}

/**
 * From dist the worker is plain JavaScript. Under tsx (tests, benchmarks) the sources
 * are TypeScript and a worker does not inherit tsx's loader, so it registers it first.
 */
function startWorker(setup: WorkerSetup): Worker {
  if (import.meta.url.endsWith('.ts')) {
    const api = import.meta.resolve('tsx/esm/api');
    const entry = new URL('./worker.ts', import.meta.url).href;
    const boot = `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
    return new Worker(boot, { eval: true, workerData: setup });
  }
  return new Worker(new URL('./worker.js', import.meta.url), { workerData: setup });
}
