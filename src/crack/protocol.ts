import type { HttpRequest } from '../model/http.js';
import type { Digest, SchemeOverrides } from '../schemes/types.js';
import type { KernelChoice } from './kernel.js';
import type { RuleName } from './rules.js';

/**
 * How a worker turns a candidate into an HMAC key. Functions cannot cross a thread
 * boundary, so for a scheme with key handling (whsec_ base64, SigV4 derivation) the
 * worker rebuilds the scheme from the registry and asks it for the material again.
 */
export type KeyMode =
  | { kind: 'identity' }
  | { kind: 'scheme'; scheme: string; overrides: SchemeOverrides; request: HttpRequest };

export interface WorkerSetup {
  message: Uint8Array;
  digest: Digest;
  /** Every received digest, concatenated. */
  signatures: Uint8Array;
  keyMode: KeyMode;
  rules: RuleName[];
  kernel: KernelChoice;
}

export interface ChunkJob {
  seq: number;
  /** Whole lines; the last one may lack its LF only at the end of a source. */
  chunk: Uint8Array;
  /** Candidates (variants included) to test at most from this chunk. */
  limit: number;
}

export interface ChunkResult {
  seq: number;
  tested: number;
  /** 0-based line within the chunk, and the candidate (after rules) that matched. */
  hit?: { line: number; candidate: Uint8Array };
  error?: string;
}
