import type { EvidenceExchange, Finding } from '../model/finding.js';
import { SEVERITIES } from '../model/severity.js';
import type { Redactor } from './redact.js';
import type { ScanResult } from './result.js';
import type { ScoreCard } from './score.js';

export interface TextOptions {
  color: boolean;
  verbose: boolean;
}

const COLORS: Record<string, string> = {
  critical: '\x1b[1;31m',
  high: '\x1b[31m',
  medium: '\x1b[33m',
  low: '\x1b[36m',
  info: '\x1b[2m',
  bold: '\x1b[1m',
  dim: '\x1b[2m',
  reset: '\x1b[0m',
};

/** The terminal report: findings by severity, each with its proof, reproduction and fix. */
export function renderText(
  result: ScanResult,
  redactor: Redactor,
  options: TextOptions,
): string {
  const paint = (style: string, text: string) =>
    options.color ? `${COLORS[style]}${text}${COLORS.reset}` : text;
  const lines: string[] = [];

  const what =
    result.endpoints.length > 1 ? `${result.endpoints.length} endpoints` : result.target;
  lines.push(paint('bold', `sigprobe ${result.tool.version} — ${what}`));
  lines.push(
    `scheme ${result.scheme.id} (${result.scheme.source}), level ${result.level}` +
      `${result.safe ? ', --safe' : ''}; ${result.requestsSent} requests in ${(result.durationMs / 1000).toFixed(1)} s`,
  );
  lines.push('');

  // Informational findings are one line each unless --verbose: they need no proof to act on.
  const detailed = options.verbose
    ? result.findings
    : result.findings.filter((f) => f.severity !== 'info');
  const brief = options.verbose ? [] : result.findings.filter((f) => f.severity === 'info');
  if (!detailed.length) lines.push(paint('bold', 'No findings above info.'), '');
  detailed.forEach((finding, index) =>
    lines.push(...renderFinding(finding, index + 1, paint, options)),
  );
  if (brief.length) {
    lines.push(paint('bold', 'Informational'));
    for (const finding of brief) {
      const note = finding.severityNote ? ` (${finding.severityNote})` : '';
      const [head, ...rest] = wrap(`${finding.id}: ${finding.method} ${finding.url}${note}`, 4);
      lines.push(`  - ${head!.trimStart()}`, ...rest);
    }
    lines.push('');
  }

  if (result.notes.length) {
    lines.push(paint('bold', 'Notes'));
    for (const note of result.notes) {
      const [head, ...rest] = wrap(note, 4);
      lines.push(`  - ${head!.trimStart()}`, ...rest);
    }
    lines.push('');
  }

  const counts = SEVERITIES.slice()
    .reverse()
    .map((s) => `${result.summary[s]} ${s}`)
    .join(', ');
  lines.push(paint('bold', `Summary: ${counts}`));
  lines.push(...renderScore(result.score, paint));
  return redactor.text(lines.join('\n')) + '\n';
}

function renderScore(
  card: ScoreCard,
  paint: (style: string, text: string) => string,
): string[] {
  const style = GRADE_STYLES[card.grade];
  const lines = [paint(style, `Grade ${card.grade} · score ${card.score}/100`)];
  if (card.cap) lines.push(paint('dim', `  (${card.cap.reason})`));
  const parts = card.categories.map((c) => `${c.title} ${c.score === null ? '–' : c.score}`);
  lines.push(`  ${parts.join(' · ')}`);
  return lines;
}

const GRADE_STYLES: Record<ScoreCard['grade'], string> = {
  A: 'bold',
  B: 'bold',
  C: 'medium',
  D: 'high',
  F: 'critical',
};

function renderFinding(
  finding: Finding,
  number: number,
  paint: (style: string, text: string) => string,
  options: TextOptions,
): string[] {
  const lines = [
    `${paint(finding.severity, `[${finding.severity.toUpperCase()}]`)} ${paint('bold', finding.title)}  ${paint('dim', `(${finding.id}, #${number})`)}`,
    `  ${finding.method} ${finding.url}${finding.operation ? `  [${finding.operation}]` : ''}`,
    `  CWE-${finding.cwe.join(', CWE-')} · ${finding.owasp} · confidence ${finding.confidence}`,
    ...(finding.location ? [`  spec: ${specPlace(finding.location)}`] : []),
    '',
    ...wrap(finding.message, 4),
    `    Basis: ${finding.basis}`,
  ];
  if (finding.severityNote) lines.push(`    Severity lowered: ${finding.severityNote}`);
  lines.push('');

  const shown = options.verbose ? finding.evidence : finding.evidence.slice(0, 2);
  for (const item of shown) lines.push(...renderExchange(item, paint, options.verbose));
  if (shown.length < finding.evidence.length) {
    lines.push(
      paint(
        'dim',
        `    (+${finding.evidence.length - shown.length} more exchanges; --verbose or --format json shows all)`,
      ),
    );
  }
  lines.push(
    '',
    '  Reproduce:',
    `    ${finding.reproduce}`,
    '',
    '  Fix:',
    ...wrap(finding.remediation.summary, 4),
  );
  lines.push(
    paint(
      'dim',
      `    Code for Flask, Express, FastAPI and Django: sigprobe explain ${finding.id}`,
    ),
    '',
  );
  return lines;
}

function renderExchange(
  item: EvidenceExchange,
  paint: (style: string, text: string) => string,
  verbose: boolean,
): string[] {
  const role = item.role === 'probe' ? 'probe' : item.role.replace('-', ' ');
  const answer = item.response
    ? `HTTP ${item.response.status}${item.response.bodyExcerpt ? `  ${oneLine(item.response.bodyExcerpt)}` : ''}`
    : `no answer (${item.error})`;
  const lines = [
    `    ${paint('dim', `${role}:`)} ${item.label}`,
    `      → ${item.request.method} ${item.request.url}`,
  ];
  if (verbose) {
    for (const [name, value] of item.request.headers)
      lines.push(paint('dim', `        ${name}: ${value}`));
    if (item.request.bodyExcerpt)
      lines.push(paint('dim', `        ${oneLine(item.request.bodyExcerpt)}`));
  }
  lines.push(`      ← ${answer}`);
  return lines;
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 100 ? `${flat.slice(0, 100)}…` : flat;
}

function wrap(text: string, indent: number, width = 88): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + word.length + 1 > width - indent) {
      lines.push(' '.repeat(indent) + line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(' '.repeat(indent) + line);
  return lines;
}

function specPlace(location: NonNullable<Finding['location']>): string {
  const line = location.line === undefined ? '' : `:${location.line}`;
  return `${location.file}${line} #${location.pointer}`;
}
