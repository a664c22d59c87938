import { createHash } from 'node:crypto';
import { ALL_CHECKS } from '../checks/index.js';
import type { CheckMeta } from '../checks/types.js';
import type { EvidenceExchange, Finding } from '../model/finding.js';
import type { Severity } from '../model/severity.js';
import { REMEDIATIONS } from '../remediation/index.js';
import { fixesFor } from '../remediation/fixes.js';
import { categoryOf } from './categories.js';
import type { Redactor } from './redact.js';
import type { ScanResult } from './result.js';

/**
 * SARIF 2.1.0 for code scanning. One rule per registered check (id = check id), with
 * CWE tags and GitHub's `security-severity`; one result per finding, located at the
 * spec file and line when the endpoint came from a spec, otherwise at its URL. The
 * first probe and its answer travel as the result's webRequest/webResponse.
 */
const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

// GitHub reads 9.0+ as critical, 7.0+ high, 4.0+ medium, above 0 low.
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '0.0',
};
const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

export function renderSarif(result: ScanResult, redactor: Redactor): string {
  const metas = ALL_CHECKS.map((check) => check.meta);
  const ruleIndex = new Map(metas.map((meta, index) => [meta.id, index]));

  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'sigprobe',
            semanticVersion: result.tool.version,
            version: result.tool.version,
            rules: metas.map((meta) => toRule(meta, result.scheme.id)),
          },
        },
        invocations: [{ executionSuccessful: true, startTimeUtc: result.startedAt }],
        results: result.findings.map((finding) => toResult(finding, ruleIndex.get(finding.id))),
        properties: {
          target: result.target,
          score: result.score.score,
          grade: result.score.grade,
          categories: Object.fromEntries(result.score.categories.map((c) => [c.id, c.score])),
          requestsSent: result.requestsSent,
        },
      },
    ],
  };
  return redactor.text(JSON.stringify(log, null, 2)) + '\n';
}

function toRule(meta: CheckMeta, scheme: string) {
  const remediation = REMEDIATIONS[meta.remediation]?.summary ?? '';
  const cwes = meta.cwe.map((id) => `CWE-${id}`);
  const fixes = fixesFor(meta.remediation, scheme)
    .map((fix) => `#### ${fix.title}\n\n\`\`\`${fix.language}\n${fix.code}\n\`\`\``)
    .join('\n\n');

  return {
    id: meta.id,
    name: pascalCase(meta.id),
    shortDescription: { text: meta.title },
    fullDescription: { text: `A finding proves that ${meta.proves}.` },
    help: {
      text:
        `${remediation} (${cwes.join(', ')}; ${meta.owasp}.) ` +
        `Run "sigprobe explain ${meta.id}".`,
      markdown: `**Fix.** ${remediation}\n\n${cwes.join(', ')} · ${meta.owasp}\n\n${fixes}`,
    },
    defaultConfiguration: { level: LEVEL[meta.severity] },
    properties: {
      tags: ['security', ...cwes, ...meta.cwe.map((id) => `external/cwe/cwe-${id}`)],
      'security-severity': SECURITY_SEVERITY[meta.severity],
      precision: 'high',
      category: categoryOf(meta.id) ?? 'uncategorised',
      owasp: meta.owasp,
    },
  };
}

function toResult(finding: Finding, ruleIndex: number | undefined) {
  const probe = finding.evidence.find((item) => item.role === 'probe');
  const endpoint = `${finding.method} ${finding.url}`;

  return {
    ruleId: finding.id,
    ...(ruleIndex === undefined ? {} : { ruleIndex }),
    level: LEVEL[finding.severity],
    message: { text: `${finding.message} Basis: ${finding.basis}.` },
    locations: [location(finding, endpoint)],
    partialFingerprints: {
      'sigprobeFinding/v1': createHash('sha256')
        .update(`${finding.id}\n${endpoint}`)
        .digest('hex'),
    },
    ...(probe ? webExchange(probe) : {}),
    properties: {
      severity: finding.severity,
      'security-severity': SECURITY_SEVERITY[finding.severity],
      confidence: finding.confidence,
      endpoint,
      reproduce: finding.reproduce,
      ...(finding.severityNote ? { severityNote: finding.severityNote } : {}),
    },
  };
}

function location(finding: Finding, endpoint: string) {
  const logicalLocations = [{ fullyQualifiedName: endpoint, kind: 'resource' }];
  if (finding.location) {
    return {
      physicalLocation: {
        artifactLocation: { uri: finding.location.file },
        ...(finding.location.line ? { region: { startLine: finding.location.line } } : {}),
      },
      logicalLocations,
    };
  }
  return { physicalLocation: { artifactLocation: { uri: finding.url } }, logicalLocations };
}

function webExchange(item: EvidenceExchange) {
  const headers = (list: Array<[string, string]>) => Object.fromEntries(list);
  return {
    webRequest: {
      protocol: 'HTTP',
      method: item.request.method,
      target: item.request.url,
      headers: headers(item.request.headers),
      body: { text: item.request.bodyExcerpt },
    },
    ...(item.response
      ? {
          webResponse: {
            statusCode: item.response.status,
            headers: headers(item.response.headers),
            body: { text: item.response.bodyExcerpt },
          },
        }
      : {}),
  };
}

function pascalCase(id: string): string {
  return id
    .split('-')
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}
