// Detection table for the timing engine: planted differences on two kinds of lab
// target, the share of runs that detect each, the median requests used, and the
// false-positive rate on the same target with nothing planted. Bounded in time:
// each cell runs a few times, and each kind of target stops starting runs after its
// share of BENCH_SECONDS (default 240). Targets are started here, on 127.0.0.1 only.
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { median } from '../src/analysis/timing/stats.js';
import { TIMING_ALPHA } from '../src/checks/timing-discrepancy.js';
import { LAB_SECRET, measureOnce, plainLatency } from './timing-support.js';

interface Kind {
  id: string;
  name: string;
  command: string[];
  budget: number;
  runs: number;
  delays: number[];
}

function delays(name: string, fallback: number[]): number[] {
  const list = process.env[name];
  return list ? list.split(',').map(Number) : fallback;
}

const ALL_KINDS: Kind[] = [
  {
    id: 'flask',
    name: 'Flask built-in server (new connection per request)',
    command: ['python3', 'lab/flask-timing/timing_target.py'],
    budget: Number(process.env.BENCH_FLASK_BUDGET ?? 2000),
    runs: Number(process.env.BENCH_FLASK_RUNS ?? 3),
    delays: delays('BENCH_FLASK_DELAYS', [200, 100, 20, 10]),
  },
  {
    id: 'node',
    name: 'Node keep-alive server',
    command: [process.execPath, 'lab/node-timing/server.mjs'],
    budget: Number(process.env.BENCH_NODE_BUDGET ?? 2000),
    runs: Number(process.env.BENCH_NODE_RUNS ?? 6),
    delays: delays('BENCH_NODE_DELAYS', [200, 100, 20, 10, 5]),
  },
];
// The check compares wrong-last vs wrong-first byte with half the endpoint's alpha
// at L2 (it also compares absent vs wrong); the bench uses the same level.
const ALPHA = TIMING_ALPHA / 2;
const KINDS = ALL_KINDS.filter(
  (kind) => !process.env.BENCH_KINDS || process.env.BENCH_KINDS.split(',').includes(kind.id),
);
// Each kind of target gets an equal share of the time; a cell not started by then is
// reported as skipped rather than silently dropped.
const kindSeconds = Number(process.env.BENCH_SECONDS ?? 240) / KINDS.length;
let deadline = 0;

async function start(command: string[], env: Record<string, string>) {
  const child = spawn(command[0]!, command.slice(1), {
    env: { ...process.env, LAB_SECRET, ...env },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const match = /^LISTENING (\d+)$/.exec(line.trim());
      if (match) resolve(Number(match[1]));
    });
    child.on('exit', (code) => reject(new Error(`${command.join(' ')} exited with ${code}`)));
  });
  return { origin: `http://127.0.0.1:${port}`, child };
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

interface Cell {
  planted: string;
  runs: number;
  detected: number;
  requests: number[];
}

async function cell(kind: Kind, delay: number | undefined): Promise<Cell> {
  const env: Record<string, string> =
    delay === undefined
      ? { LAB_TIMING_MODE: 'secure' }
      : { LAB_TIMING_MODE: 'first-byte', LAB_DELAY_US: String(delay) };
  const { origin, child } = await start(kind.command, env);
  const result: Cell = {
    planted: delay === undefined ? 'none (secure)' : `${delay} µs`,
    runs: 0,
    detected: 0,
    requests: [],
  };
  try {
    for (let run = 0; run < kind.runs && Date.now() < deadline; run += 1) {
      const comparison = await measureOnce(origin, kind.budget, ALPHA);
      result.runs += 1;
      if (comparison.decision === 'differs') result.detected += 1;
      result.requests.push(comparison.requests);
    }
  } finally {
    await stop(child);
  }
  return result;
}

async function baseLatency(kind: Kind): Promise<number> {
  const { origin, child } = await start(kind.command, { LAB_TIMING_MODE: 'secure' });
  try {
    return await plainLatency(origin, 200);
  } finally {
    await stop(child);
  }
}

console.log(
  `timing bench: wrong-last vs wrong-first byte, alpha ${ALPHA} per comparison, one connection, one request in flight`,
);
for (const kind of KINDS) {
  deadline = Date.now() + kindSeconds * 1000;
  const reference = await baseLatency(kind);
  console.log(
    `\n${kind.name}: budget ${kind.budget} requests per run; reference: median request ${reference.toFixed(0)} µs (same run)`,
  );
  console.log('planted   | ratio to request | runs | detected | share | median requests');
  const secure = await cell(kind, undefined);
  for (const delay of kind.delays) {
    if (Date.now() >= deadline) {
      console.log(`${`${delay} µs`.padEnd(9)} | skipped: BENCH_SECONDS reached`);
      continue;
    }
    const row = await cell(kind, delay);
    printRow(row, delay / reference);
  }
  printRow(secure, 0);
  console.log(
    `false-positive rate: ${secure.detected}/${secure.runs} runs on the secure target`,
  );
}

function printRow(row: Cell, ratio: number): void {
  const share = row.runs ? `${Math.round((100 * row.detected) / row.runs)}%` : '-';
  console.log(
    `${row.planted.padEnd(9)} | ${ratio ? ratio.toFixed(3).padStart(16) : '-'.padStart(16)} | ` +
      `${String(row.runs).padStart(4)} | ${String(row.detected).padStart(8)} | ${share.padStart(5)} | ` +
      `${row.requests.length ? median(row.requests) : '-'}`,
  );
}
