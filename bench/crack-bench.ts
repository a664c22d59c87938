/**
 * `npm run bench:crack`: candidates per second of the crack engine, for a 200-byte and
 * a 4 KiB body, on one worker and on every core, against references measured in the
 * same run: node:crypto createHmac per candidate on one thread, and hashcat (mode
 * 1450, key = candidate, same message and wordlist) when it is installed. Then the
 * peak RSS of `sigprobe crack` on a 10-million-line wordlist.
 *
 * The machine is shared: every figure is the median of REPEATS runs, with the range,
 * and the load average is printed before and after.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import {
  createWriteStream,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { crack } from '../src/crack/crack.js';
import type { KernelChoice } from '../src/crack/kernel.js';
import { nativeAvailable } from '../src/crack/kernel.js';
import { wordlistSource } from '../src/crack/sources.js';
import { writeSignedSample } from '../test/support/samples.js';

const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const WORDS = Number(process.env.BENCH_WORDS ?? 3_000_000);
const MEMORY_LINES = Number(process.env.BENCH_MEMORY_LINES ?? 10_000_000);
const SLICE = Number(process.env.BENCH_SLICE ?? 300_000);
const dir = mkdtempSync(join(tmpdir(), 'sigprobe-bench-'));
const cores = availableParallelism();

async function writeWordlist(path: string, lines: number): Promise<void> {
  const out = createWriteStream(path);
  const batch = 100_000;
  for (let start = 0; start < lines; start += batch) {
    const parts: string[] = [];
    for (let i = start; i < Math.min(lines, start + batch); i++)
      parts.push(`cand${i.toString(36)}x${(i * 7919) % 10007}`);
    if (!out.write(parts.join('\n') + '\n')) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function show(values: number[]): string {
  const m = median(values);
  return `${(m / 1e6).toFixed(3)} M/s (range ${(Math.min(...values) / 1e6).toFixed(3)}-${(Math.max(...values) / 1e6).toFixed(3)})`;
}

/** The reference everyone starts from: one createHmac per candidate, one thread. */
function createHmacRate(message: Buffer, words: Buffer[], signature: Buffer): number {
  const started = performance.now();
  let hits = 0;
  for (const word of words)
    if (createHmac('sha256', word).update(message).digest().equals(signature)) hits++;
  if (hits) throw new Error('unexpected hit');
  return (words.length * 1000) / (performance.now() - started);
}

async function engineRate(
  message: Buffer,
  signature: Buffer,
  wordlist: string,
  workers: number,
  kernel: KernelChoice,
  max?: number,
): Promise<number> {
  const outcome = await crack({
    material: { message, digest: 'sha256', signatures: [signature], keyFor: (c) => c },
    keyMode: { kind: 'identity' },
    sources: [wordlistSource(wordlist)],
    workers,
    kernel,
    maxCandidates: max,
  });
  if (outcome.found) throw new Error('unexpected hit');
  return (outcome.tested * 1000) / outcome.elapsedMs;
}

/** hashcat's own speed on the same message and wordlist, or why it could not run. */
function hashcatRate(
  message: Buffer,
  signature: Buffer,
  wordlist: string,
  lines: number,
): { wall: number; status?: number } | string {
  const which = spawnSync('hashcat', ['--version'], { encoding: 'utf8' });
  if (which.error || which.status !== 0) return 'hashcat is not installed';
  const hashFile = join(dir, 'hash.txt');
  writeFileSync(hashFile, `${signature.toString('hex')}:${message.toString('hex')}\n`);
  const started = performance.now();
  const run = spawnSync(
    'hashcat',
    // -O (optimised kernels) refuses salts over 64 bytes: the pure kernel is the one
    // that takes a webhook body as the HMAC message.
    [
      '-m',
      '1450',
      '-a',
      '0',
      '--hex-salt',
      '--potfile-disable',
      '--force',
      '--status',
      '--status-json',
      '--status-timer=1',
      hashFile,
      wordlist,
    ],
    { encoding: 'utf8', timeout: 600_000, maxBuffer: 64 * 1024 * 1024 },
  );
  const seconds = (performance.now() - started) / 1000;
  // Exit 1 is hashcat's "exhausted": every candidate tested, none matched.
  if (run.status !== 1) {
    const why = (run.stdout + run.stderr)
      .trim()
      .split('\n')
      .filter((l) => l && !l.startsWith('{'))
      .slice(-2)
      .join(' | ');
    return `hashcat exited ${run.status}: ${why}`;
  }
  // Its own speed readings (sum over devices), once a second while it ran.
  const speeds = run.stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) =>
      (JSON.parse(line) as { devices: Array<{ speed: number }> }).devices.reduce(
        (a, d) => a + d.speed,
        0,
      ),
    )
    .filter((speed) => speed > 0);
  return { wall: lines / seconds, status: speeds.length ? Math.max(...speeds) : undefined };
}

async function peakRss(
  sample: string,
  wordlist: string,
): Promise<{ peakMb: number; seconds: number; code: number | null }> {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    ['bin/sigprobe.js', 'crack', sample, '--wordlist', wordlist, '--no-progress'],
    { stdio: 'ignore' },
  );
  let peak = 0;
  const poll = setInterval(() => {
    try {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      peak = Math.max(peak, kb);
    } catch {
      // The process has just exited.
    }
  }, 20);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearInterval(poll);
  return { peakMb: peak / 1024, seconds: (performance.now() - started) / 1000, code };
}

async function main(): Promise<void> {
  const sha = /\bsha_ni\b/.test(readFileSync('/proc/cpuinfo', 'utf8')) ? 'yes' : 'no';
  console.log(
    `machine: ${cores} cores, ${cpus()[0]?.model ?? 'unknown CPU'}, SHA extensions: ${sha}`,
  );
  console.log(
    `load average at start: ${loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')} (the machine is shared; medians of ${REPEATS})`,
  );
  console.log(
    `native kernel: ${nativeAvailable() ? 'built' : 'NOT built (only the js kernel is measured)'}`,
  );

  const wordlist = join(dir, 'words.txt');
  await writeWordlist(wordlist, WORDS);
  const words = readFileSync(wordlist, 'utf8')
    .split('\n')
    .slice(0, 100_000)
    .map((w) => Buffer.from(w));
  console.log(
    `wordlist: ${WORDS.toLocaleString('en')} lines, ${(statSync(wordlist).size / 1e6).toFixed(1)} MB\n`,
  );

  for (const size of [200, 4096]) {
    const message = randomBytes(size);
    const signature = createHmac('sha256', randomBytes(32)).update(message).digest();
    const baseline = Array.from({ length: REPEATS }, () =>
      createHmacRate(message, words, signature),
    );
    const base = median(baseline);
    console.log(`body ${size} bytes`);
    console.log(`  createHmac per candidate, 1 thread    ${show(baseline)}  1.00x`);

    const rows: Array<[string, number, KernelChoice]> = [
      ['js kernel (node:crypto), 1 worker', 1, 'js'],
      [`js kernel (node:crypto), ${cores} workers`, cores, 'js'],
      ...(nativeAvailable()
        ? ([
            ['native kernel, 1 worker', 1, 'native'],
            [`native kernel, ${cores} workers`, cores, 'native'],
          ] as Array<[string, number, KernelChoice]>)
        : []),
    ];
    let best = 0;
    for (const [label, workers, kernel] of rows) {
      // A slice of the list is enough for a steady rate where each candidate is slow
      // (the js kernel; 68 compressions per candidate for a 4 KiB body).
      const max = kernel === 'js' || size > 1024 ? SLICE : undefined;
      const rates: number[] = [];
      for (let i = 0; i < REPEATS; i++)
        rates.push(await engineRate(message, signature, wordlist, workers, kernel, max));
      best = Math.max(best, median(rates));
      console.log(`  ${label.padEnd(38)}${show(rates)}  ${(median(rates) / base).toFixed(2)}x`);
    }

    const hashcat = hashcatRate(message, signature, wordlist, WORDS);
    if (typeof hashcat !== 'string') {
      const status =
        hashcat.status === undefined
          ? 'no status line'
          : `${(hashcat.status / 1e6).toFixed(3)} M/s`;
      console.log(
        `  hashcat -m 1450 -a 0, same wordlist    wall ${(hashcat.wall / 1e6).toFixed(3)} M/s (startup included); its own peak reading ${status}`,
      );
      console.log(
        `  sigprobe best / hashcat (wall): ${(best / hashcat.wall).toFixed(2)}x` +
          (hashcat.status
            ? `; / hashcat (its peak reading): ${(best / hashcat.status).toFixed(2)}x`
            : ''),
      );
    } else {
      console.log(`  hashcat: not measured (${hashcat})`);
    }
    console.log('');
  }

  if (MEMORY_LINES > 0) {
    const big = join(dir, 'big.txt');
    await writeWordlist(big, MEMORY_LINES);
    const sample = writeSignedSample({
      scheme: 'github',
      secret: 'not-in-the-list-' + randomBytes(4).toString('hex'),
      dir,
    });
    const { peakMb, seconds, code } = await peakRss(sample, big);
    console.log(
      `memory: sigprobe crack on ${MEMORY_LINES.toLocaleString('en')} lines (${(statSync(big).size / 1e6).toFixed(0)} MB): ` +
        `peak RSS ${peakMb.toFixed(0)} MB (goal < 150 MB), ${seconds.toFixed(1)} s, exit ${code}`,
    );
  }
  console.log(
    `load average at end: ${loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')}`,
  );
  rmSync(dir, { recursive: true, force: true });
}

await main();
