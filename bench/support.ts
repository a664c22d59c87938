import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

/** Starts a lab app for a benchmark; the same protocol as the tests' harness. */
export async function startLab(file: string): Promise<{ origin: string; child: ChildProcess }> {
  const child = spawn('python3', [file], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const match = /^LISTENING (\d+)$/.exec(line.trim());
      if (match) resolve(Number(match[1]));
    });
    child.on('exit', (code) => reject(new Error(`${file} exited with ${code}`)));
  });
  return { origin: `http://127.0.0.1:${port}`, child };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
