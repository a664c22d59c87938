import type { CheckMeta, FindingDraft } from '../checks/types.js';
import { toCurl } from '../http/curl.js';
import type { EvidenceExchange, Finding } from '../model/finding.js';
import { REMEDIATIONS } from '../remediation/index.js';
import type { Endpoint } from '../scan/target.js';
import { toEvidence } from './evidence.js';
import type { Redactor } from './redact.js';

/** Turns a check's draft into a finding: metadata, redacted evidence, reproduction. */
export function buildFinding(
  meta: CheckMeta,
  draft: FindingDraft,
  endpoint: Endpoint,
  scheme: string,
  redactor: Redactor,
): Finding {
  const evidence: EvidenceExchange[] = [
    ...draft.probes.map((exchange) => toEvidence(exchange, 'probe', redactor)),
    ...(draft.references ?? []).map((exchange) =>
      toEvidence(
        exchange,
        exchange.signature === 'valid' ? 'accepted-reference' : 'rejected-reference',
        redactor,
      ),
    ),
  ];
  const first = draft.probes[0];

  return {
    id: meta.id,
    title: meta.title,
    severity: draft.severity ?? meta.severity,
    confidence: draft.confidence,
    cwe: meta.cwe,
    owasp: meta.owasp,
    method: endpoint.method,
    url: redactor.text(endpoint.url),
    operation: endpoint.operation,
    ...(endpoint.spec ? { location: endpoint.spec.location() } : {}),
    scheme,
    message: redactor.text(draft.message),
    basis: redactor.text(draft.basis),
    severityNote: draft.severityNote,
    details: draft.details,
    evidence,
    reproduce: first ? redactor.text(toCurl(first.request)) : '',
    remediation: {
      key: meta.remediation,
      summary: REMEDIATIONS[meta.remediation]?.summary ?? '',
    },
  };
}
