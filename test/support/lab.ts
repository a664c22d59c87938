import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const LAB_SECRET = 'lab-secret-7d1c0b6e2f';

let cachedPython: string | undefined;

/** The first python that can import the lab's needs: PATH's python3, then Debian's. */
export function labPython(modules: string[] = ['flask']): string {
  if (cachedPython && modules.length === 1 && modules[0] === 'flask') return cachedPython;
  for (const candidate of [process.env.SIGPROBE_PYTHON, 'python3', '/usr/bin/python3']) {
    if (!candidate) continue;
    const probe = spawnSync(candidate, ['-c', `import ${modules.join(', ')}`], {
      stdio: 'ignore',
    });
    if (probe.status === 0) {
      if (modules.length === 1 && modules[0] === 'flask') cachedPython = candidate;
      return candidate;
    }
  }
  throw new Error(
    `no python3 can import ${modules.join(', ')}; run .ci/run or install python3-flask`,
  );
}

export interface LabTarget {
  origin: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts a lab app; it binds a free loopback port and announces it on stdout. */
export async function startLabTarget(
  relativePath: string,
  env: Record<string, string> = {},
): Promise<LabTarget> {
  const child = spawn(labPython(), [relativePath], {
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
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
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

  return {
    origin: `http://127.0.0.1:${port}`,
    process: child,
    stop: () => stopProcess(child),
  };
}

export function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 3000).unref();
  });
}
