import { SEVERITIES } from '../model/severity.js';
import { REMEDIATIONS } from '../remediation/index.js';
import type { Check, CheckMeta } from './types.js';

const ID_FORM = /^[a-z]+(-[a-z0-9]+)*$/;
const LEVELS = ['L0', 'L1', 'L2', 'spec'];

/** An invalid check is a programming error: it fails loudly at load, never mid-scan. */
export function validateMeta(meta: CheckMeta): string[] {
  const problems: string[] = [];
  if (!ID_FORM.test(meta.id)) problems.push(`id "${meta.id}" is not kebab-case`);
  if (!meta.title) problems.push('title is empty');
  if (!meta.proves) problems.push('proves is empty');
  if (!SEVERITIES.includes(meta.severity))
    problems.push(`severity "${meta.severity}" is unknown`);
  if (!meta.cwe.length || meta.cwe.some((id) => !Number.isInteger(id)))
    problems.push('cwe needs ids');
  if (!/^API\d+:2023 /.test(meta.owasp))
    problems.push(`owasp "${meta.owasp}" is not an API Top 10 (2023) id`);
  if (!LEVELS.includes(meta.level)) problems.push(`level "${meta.level}" is unknown`);
  if (!REMEDIATIONS[meta.remediation])
    problems.push(`remediation "${meta.remediation}" is not defined`);
  // Only spec-level checks may read the document alone and send nothing.
  if (!meta.sends.length && meta.level !== 'spec') problems.push('sends is empty');
  return problems;
}

export class CheckRegistry {
  readonly #checks = new Map<string, Check>();

  constructor(checks: Check[]) {
    for (const check of checks) {
      const problems = validateMeta(check.meta);
      if (problems.length) throw new Error(`check ${check.meta.id}: ${problems.join('; ')}`);
      if (this.#checks.has(check.meta.id))
        throw new Error(`check ${check.meta.id} is registered twice`);
      this.#checks.set(check.meta.id, check);
    }
    for (const check of checks) {
      for (const other of check.meta.subsumedBy ?? []) {
        if (!this.#checks.has(other))
          throw new Error(`check ${check.meta.id}: subsumedBy names unknown ${other}`);
      }
    }
  }

  all(): Check[] {
    return [...this.#checks.values()];
  }

  ids(): string[] {
    return [...this.#checks.keys()];
  }

  get(id: string): Check | undefined {
    return this.#checks.get(id);
  }
}
