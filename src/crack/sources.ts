import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Readable } from 'node:stream';

/** Where candidates come from: the bundled list, a wordlist file, or stdin. */
export interface CandidateSource {
  name: string;
  /** Total bytes when known (a file), for the progress line's ETA. */
  sizeBytes?: number;
  /** Number of lines when known up front (in-memory lists). */
  lines?: number;
  open(): ChunkInput;
}

const BUNDLED_PATH = fileURLToPath(new URL('../../data/secrets.txt', import.meta.url));

/**
 * The bundled list of default, placeholder and example secrets. Lines starting with
 * `#` are comments naming each entry's source; `<empty>` stands for the empty secret,
 * which a blank line could not show without being mistaken for spacing.
 */
export function bundledSecrets(): Buffer[] {
  const text = readFileSync(BUNDLED_PATH, 'utf8');
  const entries: Buffer[] = [];
  const seen = new Set<string>();
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (line === '' || line.startsWith('#')) continue;
    const value = line === '<empty>' ? '' : line;
    if (seen.has(value)) continue;
    seen.add(value);
    entries.push(Buffer.from(value, 'utf8'));
  }
  return entries;
}

export function bundledSource(): CandidateSource {
  return listSource('bundled list', bundledSecrets());
}

export function wordlistSource(path: string): CandidateSource {
  if (path === '-') return { name: 'stdin', open: () => process.stdin };
  const sizeBytes = statSync(path).size;
  return { name: `wordlist ${path}`, sizeBytes, open: () => fileChunks(path) };
}

export function listSource(name: string, entries: Buffer[]): CandidateSource {
  return { name, lines: entries.length, open: () => joinLines(entries) };
}

/** One line per entry; every entry ends with LF so an empty one is still a line. */
function joinLines(entries: Buffer[]): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) parts.push(entry, NEWLINE);
  return Buffer.concat(parts);
}

const NEWLINE = Buffer.from('\n');

/** About 20,000 short lines: a few milliseconds of work, so a stop is prompt. */
export const CHUNK_BYTES = 256 * 1024;
const MAX_LINE_BYTES = 1024 * 1024;

/**
 * Cuts a byte stream into chunks that end on a line boundary, so no candidate is
 * split between two workers. Memory stays at one chunk plus one partial line.
 */
export type ChunkInput = Readable | Buffer | Iterable<Buffer>;

export async function* lineChunks(input: ChunkInput): AsyncGenerator<Buffer> {
  if (Buffer.isBuffer(input)) {
    for (let at = 0; at < input.length;) {
      const cut = input.lastIndexOf(10, Math.min(at + CHUNK_BYTES, input.length) - 1);
      const end = cut < at ? input.length : cut + 1;
      yield input.subarray(at, end);
      at = end;
    }
    return;
  }
  if (!('on' in input)) {
    yield* input;
    return;
  }
  let carry: Buffer = Buffer.alloc(0);
  for await (const piece of input) {
    const data: Buffer =
      carry.length > 0 ? Buffer.concat([carry, piece as Buffer]) : (piece as Buffer);
    const cut = data.lastIndexOf(10);
    if (cut === -1 && data.length < MAX_LINE_BYTES) {
      carry = data;
      continue;
    }
    if (cut === -1) {
      // A "line" this long is no secret; passing it on keeps memory bounded.
      yield data;
      carry = Buffer.alloc(0);
      continue;
    }
    yield data.subarray(0, cut + 1);
    carry = Buffer.from(data.subarray(cut + 1));
  }
  if (carry.length > 0) yield carry;
}

/**
 * A wordlist file read into one reused buffer, cut at line ends. Each chunk is a view
 * that is valid until the next one is asked for; the crack loop copies it out first.
 * No allocation per chunk keeps memory flat on lists of any size.
 */
export function* fileChunks(path: string): Generator<Buffer> {
  const fd = openSync(path, 'r');
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES + MAX_LINE_BYTES);
  let kept = 0;
  try {
    for (;;) {
      const read = readSync(fd, buffer, kept, CHUNK_BYTES, null);
      const filled = kept + read;
      if (read === 0) {
        if (kept > 0) yield buffer.subarray(0, kept);
        return;
      }
      let cut = buffer.lastIndexOf(10, filled - 1);
      // A "line" longer than MAX_LINE_BYTES is no secret; passing it on keeps memory bounded.
      if (cut === -1 && filled > MAX_LINE_BYTES) cut = filled - 1;
      if (cut === -1) {
        kept = filled;
        continue;
      }
      yield buffer.subarray(0, cut + 1);
      kept = filled - (cut + 1);
      buffer.copyWithin(0, cut + 1, filled);
    }
  } finally {
    closeSync(fd);
  }
}
