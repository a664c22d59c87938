import type { Finding, KnowledgeLevel } from '../model/finding.js';
import { SEVERITIES } from '../model/severity.js';
import type { Severity } from '../model/severity.js';
import type { CheckRun, SchemeSource } from '../scan/session.js';
import type { ScoreCard } from './score.js';

/** Bumped on any change to the shape below; `schema/scan-result.schema.json` matches it. */
export const SCHEMA_VERSION = '1.1.0';

export interface ScanResult {
  schemaVersion: string;
  tool: { name: 'sigprobe'; version: string };
  target: string;
  endpoints: Array<{ method: string; url: string; operation?: string }>;
  scheme: { id: string; source: SchemeSource };
  level: KnowledgeLevel;
  safe: boolean;
  startedAt: string;
  durationMs: number;
  requestsSent: number;
  summary: Record<Severity, number>;
  /** Score, grade and sub-scores by the formula in `score.ts`. */
  score: ScoreCard;
  findings: Finding[];
  notes: string[];
  checks: CheckRun[];
  /** Endpoints that could not be scanned, and why; any entry makes the CLI exit 3. */
  unscanned?: Array<{ endpoint: string; reason: string }>;
}

export function summarise(findings: Finding[]): Record<Severity, number> {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const finding of findings) counts[finding.severity] += 1;
  return counts;
}
