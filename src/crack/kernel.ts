import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Digest } from '../schemes/types.js';

/**
 * The per-candidate loop of `sigprobe crack`. Two implementations with one contract:
 * the native addon (native/hmac_kernel.cc, built at install time when a compiler and
 * Node's headers are there) runs a whole chunk per call, and the node:crypto fallback
 * does the same in JavaScript. Both return [index of the first hit or -1, tested].
 */
export interface CrackKernel {
  readonly name: 'native' | 'js';
  /** Each LF-terminated line of `chunk` (a CR before the LF dropped) is a key. */
  scanLines(
    chunk: Buffer,
    message: Buffer,
    digest: Digest,
    signatures: Buffer,
    limit: number,
  ): [number, number];
  /** Key i is keys[offsets[i], offsets[i + 1]). */
  scanPacked(
    keys: Buffer,
    offsets: Uint32Array,
    message: Buffer,
    digest: Digest,
    signatures: Buffer,
    limit: number,
  ): [number, number];
  /** Lines in `chunk` (at most `max`) and the byte offset where the last one counted ends. */
  countLines(chunk: Buffer, max: number): [number, number];
  hmac(digest: Digest, key: Buffer, message: Buffer): Buffer;
}

export type KernelChoice = 'auto' | 'native' | 'js';

interface NativeAddon {
  scanLines(
    chunk: Buffer,
    message: Buffer,
    alg: number,
    signatures: Buffer,
    limit: number,
  ): [number, number];
  scanPacked(
    keys: Buffer,
    offsets: Uint32Array,
    message: Buffer,
    alg: number,
    signatures: Buffer,
    limit: number,
  ): [number, number];
  countLines(chunk: Buffer, max: number): [number, number];
  hmac(alg: number, key: Buffer, message: Buffer): Buffer;
}

const ALG: Record<Digest, number> = { sha1: 1, sha256: 2, sha512: 3 };

/** The addon sits two levels above this file both in src/crack and in dist/crack. */
const ADDON_PATH = '../../native/build/Release/sigprobe_crack.node';

let nativeAddon: NativeAddon | null | undefined;

function loadNative(): NativeAddon | null {
  if (nativeAddon !== undefined) return nativeAddon;
  try {
    nativeAddon = createRequire(import.meta.url)(ADDON_PATH) as NativeAddon;
  } catch {
    // Not built (no compiler or headers at install time): the fallback is used.
    nativeAddon = null;
  }
  return nativeAddon;
}

export function nativeAvailable(): boolean {
  return loadNative() !== null;
}

export function selectKernel(choice: KernelChoice = 'auto'): CrackKernel {
  if (choice === 'js') return jsKernel;
  const addon = loadNative();
  if (addon) return nativeKernel(addon);
  if (choice === 'native')
    throw new Error('the native cracking kernel is not built (see docs: npm rebuild)');
  return jsKernel;
}

function nativeKernel(addon: NativeAddon): CrackKernel {
  return {
    name: 'native',
    scanLines: (chunk, message, digest, signatures, limit) =>
      addon.scanLines(chunk, message, ALG[digest], signatures, limit),
    scanPacked: (keys, offsets, message, digest, signatures, limit) =>
      addon.scanPacked(keys, offsets, message, ALG[digest], signatures, limit),
    countLines: (chunk, max) => addon.countLines(chunk, max),
    hmac: (digest, key, message) => addon.hmac(ALG[digest], key, message),
  };
}

function matches(digest: Digest, key: Buffer, message: Buffer, signatures: Buffer): boolean {
  const mac = createHmac(digest, key).update(message).digest();
  for (let at = 0; at < signatures.length; at += mac.length) {
    if (mac.equals(signatures.subarray(at, at + mac.length))) return true;
  }
  return false;
}

function lineEnd(chunk: Buffer, start: number): number {
  const newline = chunk.indexOf(10, start);
  return newline === -1 ? chunk.length : newline;
}

const jsKernel: CrackKernel = {
  name: 'js',

  scanLines(chunk, message, digest, signatures, limit) {
    let index = 0;
    for (let start = 0; start < chunk.length && index < limit; index++) {
      const end = lineEnd(chunk, start);
      const stop = end > start && chunk[end - 1] === 13 ? end - 1 : end;
      if (matches(digest, chunk.subarray(start, stop), message, signatures))
        return [index, index + 1];
      start = end + 1;
    }
    return [-1, index];
  },

  scanPacked(keys, offsets, message, digest, signatures, limit) {
    const count = Math.min(offsets.length - 1, limit);
    for (let i = 0; i < count; i++) {
      const key = keys.subarray(offsets[i] ?? 0, offsets[i + 1] ?? 0);
      if (matches(digest, key, message, signatures)) return [i, i + 1];
    }
    return [-1, Math.max(count, 0)];
  },

  countLines(chunk, max) {
    let lines = 0;
    let start = 0;
    while (start < chunk.length && lines < max) {
      start = lineEnd(chunk, start) + 1;
      lines++;
    }
    return [lines, Math.min(start, chunk.length)];
  },

  hmac: (digest, key, message) => createHmac(digest, key).update(message).digest(),
};
