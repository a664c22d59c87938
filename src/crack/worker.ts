import { parentPort, workerData } from 'node:worker_threads';
import { createScheme } from '../schemes/registry.js';
import type { CrackMaterial } from '../schemes/types.js';
import { selectKernel } from './kernel.js';
import type { ChunkJob, ChunkResult, WorkerSetup } from './protocol.js';
import { expandWord, PackedBuffer, planRules } from './rules.js';

/**
 * One cracking thread: receives chunks of wordlist lines, tests every candidate (and
 * its rule variants) with the kernel, and answers with the count and any hit.
 */
const setup = workerData as WorkerSetup;
const kernel = selectKernel(setup.kernel);
const message = asBuffer(setup.message);
const signatures = asBuffer(setup.signatures);
const plan = planRules(setup.rules);
const keyFor = schemeKeyFor();

// Lines expanded per kernel call when rules or key handling apply.
const LINES_PER_BATCH = 512;
const candidates = new PackedBuffer();
const keys = new PackedBuffer();
let keyLine = new Uint32Array(1024);

parentPort?.on('message', (job: ChunkJob) => {
  let result: ChunkResult;
  try {
    result = scan(job);
  } catch (error) {
    result = { seq: job.seq, tested: 0, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(result);
});

function scan(job: ChunkJob): ChunkResult {
  const chunk = asBuffer(job.chunk);
  if (!keyFor && plan.perWord === 1) {
    // The fast path: the kernel reads the lines itself, no JavaScript per candidate.
    const [hit, tested] = kernel.scanLines(chunk, message, setup.digest, signatures, job.limit);
    if (hit < 0) return { seq: job.seq, tested };
    return { seq: job.seq, tested, hit: { line: hit, candidate: lineAt(chunk, hit) } };
  }
  return scanExpanded(job.seq, chunk, job.limit);
}

function scanExpanded(seq: number, chunk: Buffer, limit: number): ChunkResult {
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
      expandWord(chunk.subarray(start, stop), plan, candidates);
      start = end + 1;
    }

    const room = limit - tested;
    const [hit, checked] = keyFor ? scanWithKeys(room) : scanCandidates(room);
    tested += checked;
    if (hit >= 0) {
      const candidate = Buffer.from(candidates.entry(hit));
      return { seq, tested, hit: { line: firstLine + Math.floor(hit / plan.perWord), candidate } };
    }
  }
  return { seq, tested };
}

function scanCandidates(limit: number): [number, number] {
  return kernel.scanPacked(
    candidates.bytes, candidates.offsetView(), message, setup.digest, signatures, limit,
  );
}

/** Candidates whose key handling refuses them (not base64, say) count as tested. */
function scanWithKeys(limit: number): [number, number] {
  const count = Math.min(candidates.count, limit);
  keys.reset();
  if (keyLine.length < count) keyLine = new Uint32Array(count * 2);
  for (let i = 0; i < count; i++) {
    const key = keyFor?.(candidates.entry(i));
    if (!key) continue;
    const at = keys.reserve(key.length);
    key.copy(keys.bytes, at);
    keyLine[keys.count] = i;
    keys.commit(at + key.length);
  }
  const [hit] = kernel.scanPacked(keys.bytes, keys.offsetView(), message, setup.digest, signatures, keys.count);
  return hit >= 0 ? [keyLine[hit] ?? 0, count] : [-1, count];
}

function schemeKeyFor(): CrackMaterial['keyFor'] | undefined {
  if (setup.keyMode.kind === 'identity') return undefined;
  const { scheme, overrides, request } = setup.keyMode;
  const material = createScheme(scheme, overrides).crackMaterial({ ...request, body: asBuffer(request.body) });
  if (!material) throw new Error(`scheme ${scheme} found no crack material in the worker`);
  return material.keyFor;
}

function lineAt(chunk: Buffer, index: number): Uint8Array {
  const [, start] = index === 0 ? [0, 0] : kernel.countLines(chunk, index);
  const newline = chunk.indexOf(10, start);
  const end = newline === -1 ? chunk.length : newline;
  const stop = end > start && chunk[end - 1] === 13 ? end - 1 : end;
  return Buffer.from(chunk.subarray(start, stop));
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
