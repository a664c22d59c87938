import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Readable } from 'node:stream';
import type { CrackMaterial } from '../schemes/types.js';
import { selectKernel } from './kernel.js';
import type { KernelChoice } from './kernel.js';
import type { ChunkJob, ChunkResult, KeyMode, WorkerSetup } from './protocol.js';
import { planRules } from './rules.js';
import type { RuleName } from './rules.js';
import { lineChunks } from './sources.js';
import type { CandidateSource } from './sources.js';

export interface CrackJob {
  material: CrackMaterial;
  keyMode: KeyMode;
  sources: CandidateSource[];
  rules?: RuleName[];
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

interface Pending {
  source: string;
  lineBase: number;
}

/**
 * Runs the candidates of every source through worker threads and stops at the first
 * hit, at the candidate or time budget, or when the sources are exhausted.
 */
export async function crack(job: CrackJob): Promise<CrackOutcome> {
  const started = performance.now();
  const kernel = selectKernel(job.kernel);
  const perWord = planRules(job.rules ?? []).perWord;
  const workerCount = Math.max(1, job.workers ?? availableParallelism());
  const setup: WorkerSetup = {
    message: job.material.message,
    digest: job.material.digest,
    signatures: Buffer.concat(job.material.signatures),
    keyMode: job.keyMode,
    rules: job.rules ?? [],
    kernel: kernel.name,
  };
  const workers = Array.from({ length: workerCount }, () => startWorker(setup));
  const load = new Map<Worker, number>(workers.map((w) => [w, 0]));
  const pending = new Map<number, Pending>();

  let tested = 0;
  let stopped: StopReason | undefined;
  let found: CrackOutcome['found'];
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const signal = (): void => {
    wake?.();
    wake = undefined;
  };
  const stop = (reason: StopReason): void => {
    stopped ??= reason;
    signal();
  };

  for (const worker of workers) {
    worker.on('message', (result: ChunkResult) => {
      load.set(worker, (load.get(worker) ?? 1) - 1);
      const where = pending.get(result.seq);
      pending.delete(result.seq);
      tested += result.tested;
      if (result.error) failure ??= new Error(`crack worker: ${result.error}`);
      if (result.hit && where && !found) {
        const candidate = Buffer.from(result.hit.candidate);
        found = { candidate, source: where.source, line: where.lineBase + result.hit.line + 1 };
        stop('found');
      }
      if (failure) stop('exhausted');
      signal();
    });
    worker.on('error', (error) => {
      failure ??= error;
      stop('exhausted');
    });
  }

  const timer = job.maxTimeMs === undefined ? undefined : setTimeout(() => stop('max-time'), job.maxTimeMs);
  const totalBytes = sumSizes(job.sources);
  let bytesRead = 0;
  const report = (): void => {
    const elapsedMs = performance.now() - started;
    job.onProgress?.({
      tested,
      elapsedMs,
      rate: elapsedMs > 0 ? (tested * 1000) / elapsedMs : 0,
      fraction: totalBytes === undefined ? undefined : Math.min(1, bytesRead / Math.max(1, totalBytes)),
    });
  };
  const ticker = job.onProgress ? setInterval(report, PROGRESS_INTERVAL_MS) : undefined;

  let seq = 0;
  let budget = job.maxCandidates ?? Number.POSITIVE_INFINITY;
  try {
    for (const source of job.sources) {
      if (stopped) break;
      let lineBase = 0;
      const input = source.open();
      for await (const whole of lineChunks(input)) {
        if (stopped) break;
        let chunk = whole;
        bytesRead += chunk.length;
        const [lines, usedBytes] = kernel.countLines(chunk, Math.min(Math.ceil(budget / perWord), MAX_LINES));
        if (lines * perWord > budget || usedBytes < chunk.length) chunk = chunk.subarray(0, usedBytes);
        const limit = Math.min(budget, lines * perWord, MAX_LINES);
        if (limit <= 0) break;
        budget -= limit;

        const worker = await freeWorker(load, () => stopped !== undefined, (resolve) => (wake = resolve));
        if (!worker) break;
        pending.set(seq, { source: source.name, lineBase });
        load.set(worker, (load.get(worker) ?? 0) + 1);
        const message: ChunkJob = { seq, chunk, limit };
        worker.postMessage(message);
        seq++;
        lineBase += lines;
        if (budget <= 0) break;
      }
      closeInput(input);
      if (budget <= 0) break;
    }
    // Everything is sent: wait for the answers still out.
    while (!stopped && pending.size > 0) await new Promise<void>((resolve) => (wake = resolve));
    if (!stopped) stop(budget <= 0 ? 'max-candidates' : 'exhausted');
  } finally {
    if (timer) clearTimeout(timer);
    if (ticker) clearInterval(ticker);
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  if (failure) throw failure;

  report();
  return {
    found,
    tested,
    elapsedMs: performance.now() - started,
    stopped: stopped ?? 'exhausted',
    kernel: kernel.name,
    workers: workerCount,
  };
}

async function freeWorker(
  load: Map<Worker, number>,
  isStopped: () => boolean,
  park: (resolve: () => void) => void,
): Promise<Worker | undefined> {
  for (;;) {
    if (isStopped()) return undefined;
    let best: Worker | undefined;
    for (const [worker, count] of load) {
      if (count < IN_FLIGHT_PER_WORKER && (!best || count < (load.get(best) ?? 0))) best = worker;
    }
    if (best) return best;
    await new Promise<void>((resolve) => park(resolve));
  }
}

function sumSizes(sources: CandidateSource[]): number | undefined {
  let total = 0;
  for (const source of sources) {
    if (source.sizeBytes === undefined) return undefined;
    total += source.sizeBytes;
  }
  return total;
}

function closeInput(input: Readable | Buffer): void {
  // Stdin stays open for the process; files are closed as soon as they are not needed.
  if (!Buffer.isBuffer(input) && input !== process.stdin) input.destroy();
}

/**
 * From dist the worker is plain JavaScript. Under tsx (tests, benchmarks) the sources
 * are TypeScript and a worker does not inherit tsx's loader, so it is asked for again.
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
