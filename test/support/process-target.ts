import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { ROOT, stopProcess } from './lab.js';
import type { LabTarget } from './lab.js';

/**
 * Starts any lab program (node, a chosen python) that binds a free loopback port and
 * prints `LISTENING <port>`; the foundation's startLabTarget is for Flask files only.
 */
export async function startProcessTarget(
  command: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<LabTarget> {
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });

  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${args.join(' ')} did not start: ${stderr}`));
    }, 20_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const match = /^LISTENING (\d+)$/.exec(line.trim());
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${args.join(' ')} exited with ${code}: ${stderr}`));
    });
  });

  return { origin: `http://127.0.0.1:${port}`, process: child, stop: () => stopProcess(child) };
}
