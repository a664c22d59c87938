import type { Redactor } from './redact.js';
import type { ScanResult } from './result.js';

export function renderJson(result: ScanResult, redactor: Redactor): string {
  return redactor.text(JSON.stringify(result, null, 2)) + '\n';
}
