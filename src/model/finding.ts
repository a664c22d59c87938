import type { Confidence, Severity } from './severity.js';

export type KnowledgeLevel = 'L0' | 'L1' | 'L2' | 'spec';

/** One request/response pair as shown in a report, already redacted. */
export interface EvidenceExchange {
  exchangeId: number;
  role: 'probe' | 'rejected-reference' | 'accepted-reference' | 'oracle' | 'context';
  label: string;
  request: {
    method: string;
    url: string;
    headers: Array<[string, string]>;
    bodyExcerpt: string;
    bodyBytes: number;
  };
  response?: {
    status: number;
    headers: Array<[string, string]>;
    bodyExcerpt: string;
    bodyBytes: number;
    truncated: boolean;
  };
  error?: string;
  timeMs?: number;
}

export interface Finding {
  id: string;
  title: string;
  severity: Severity;
  confidence: Confidence;
  cwe: number[];
  owasp: string;
  method: string;
  url: string;
  operation?: string;
  /** Where the operation is declared, when the endpoint came from a spec document. */
  location?: { file: string; line?: number };
  scheme: string;
  /** What was received and what was expected, in one or two sentences. */
  message: string;
  /** Which comparison the verdict rests on (status vs reference, oracle, body). */
  basis: string;
  /** Why the severity is lower than the check's default, when it is. */
  severityNote?: string;
  details?: Record<string, unknown>;
  evidence: EvidenceExchange[];
  reproduce: string;
  remediation: { summary: string; key: string };
}
