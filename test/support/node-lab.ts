import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { ROOT, LAB_SECRET, stopProcess } from './lab.js';
import type { LabTarget } from './lab.js';

/** Starts a Node lab app (same `LISTENING <port>` handshake as the Flask targets). */
export async function startNodeTarget(
  relativePath: string,
  env: Record<string, string> = {},
): Promise<LabTarget> {
  const child = spawn(process.execPath, [relativePath], {
    cwd: ROOT,
    env: { ...process.env, LAB_SECRET, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${relativePath} did not start: ${stderr}`)),
      15_000,
    );
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const match = /^LISTENING (\d+)$/.exec(line.trim());
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${relativePath} exited with ${code}: ${stderr}`));
    });
  });
  return { origin: `http://127.0.0.1:${port}`, process: child, stop: () => stopProcess(child) };
}

/** A lab target by file type: `.mjs` runs under Node, `.py` under the lab's python. */
export async function startAnyTarget(
  relativePath: string,
  env: Record<string, string> = {},
): Promise<LabTarget> {
  if (relativePath.endsWith('.mjs')) return startNodeTarget(relativePath, env);
  const { startLabTarget } = await import('./lab.js');
  return startLabTarget(relativePath, env);
}
