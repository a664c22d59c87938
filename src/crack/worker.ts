import { parentPort, workerData } from 'node:worker_threads';
import type { CrackMaterial } from '../schemes/types.js';
import { selectKernel } from './kernel.js';
import type { ChunkJob, ChunkResult, WorkerSetup } from './protocol.js';
import { asBuffer, ChunkScanner } from './scanner.js';

/**
 * One cracking thread: receives chunks of wordlist lines, tests every candidate (and
 * its rule variants), and answers with the count and any hit.
 */
const setup = workerData as WorkerSetup;
const scanner = new ChunkScanner({
  kernel: selectKernel(setup.kernel),
  message: asBuffer(setup.message),
  digest: setup.digest,
  signatures: asBuffer(setup.signatures),
  keyFor: await schemeKeyFor(),
  rules: setup.rules,
});

parentPort?.on('message', (job: ChunkJob) => {
  let result: ChunkResult;
  try {
    result = scanner.scan(job);
  } catch (error) {
    result = {
      seq: job.seq,
      tested: 0,
      error: error instanceof Error ? error.message : String(error),
    };
  }
  parentPort?.postMessage(result);
});

/**
 * Functions cannot cross threads: for a scheme with key handling the worker rebuilds
 * the scheme and its material. The registry is loaded only then, which keeps the
 * common identity-key workers quick to start.
 */
async function schemeKeyFor(): Promise<CrackMaterial['keyFor'] | undefined> {
  if (setup.keyMode.kind === 'identity') return undefined;
  const { createScheme } = await import('../schemes/registry.js');
  const { scheme, overrides, request } = setup.keyMode;
  const material = createScheme(scheme, overrides).crackMaterial({
    ...request,
    body: asBuffer(request.body),
  });
  if (!material) throw new Error(`scheme ${scheme} found no crack material in the worker`);
  return material.keyFor;
}
