import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './lab.js';

export interface Expectation {
  file: string;
  target: string;
  description: string;
  path: string;
  args: string[];
  /** Environment for the target (a timing mode, a planted delay). */
  env?: Record<string, string>;
  expected: Array<{ id: string; severity: string }>;
}

/** Every `*.expect.json` in a lab folder, with the target file it describes. */
export function loadExpectations(folder: string): Expectation[] {
  const dir = join(ROOT, folder);
  return readdirSync(dir)
    .filter((name) => name.endsWith('.expect.json'))
    .sort()
    .map((name) => {
      const raw = JSON.parse(readFileSync(join(dir, name), 'utf8')) as Omit<
        Expectation,
        'file' | 'target'
      > & {
        target?: string;
      };
      return {
        ...raw,
        file: name,
        target: join(folder, raw.target ?? name.replace(/\.expect\.json$/, '.py')),
      };
    });
}

export function findingKeys(findings: Array<{ id: string; severity: string }>): string[] {
  return findings.map((f) => `${f.id}/${f.severity}`).sort();
}
