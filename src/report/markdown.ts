import type { EvidenceExchange, Finding } from '../model/finding.js';
import { SEVERITIES } from '../model/severity.js';
import type { Redactor } from './redact.js';
import type { ScanResult } from './result.js';

/**
 * A compact report for a pull-request comment or a job summary: grade and sub-scores
 * on top, one line per finding, and the evidence folded in <details> so the comment
 * stays short until someone opens it.
 */
const PROBES_SHOWN = 2;
const REFERENCES_SHOWN = 2;
const ICONS: Record<string, string> = {
  critical: '🟥',
  high: '🟧',
  medium: '🟨',
  low: '🟦',
  info: '⬜',
};

export function renderMarkdown(result: ScanResult, redactor: Redactor): string {
  const card = result.score;
  const lines = [
    `## sigprobe: grade ${card.grade} (score ${card.score}/100)`,
    '',
    `Target \`${code(result.target)}\` · scheme \`${result.scheme.id}\` · level ${result.level}` +
      `${result.safe ? ' · --safe' : ''} · ${result.requestsSent} requests` +
      (result.endpoints.length > 1 ? ` · ${result.endpoints.length} endpoints` : ''),
    '',
  ];
  if (card.cap) lines.push(`> ${card.cap.reason}.`, '');

  lines.push('| Category | Score |', '|---|---|');
  for (const category of card.categories) {
    lines.push(
      `| ${category.title} | ${category.score === null ? 'not assessed' : category.score} |`,
    );
  }
  lines.push('');

  const counts = SEVERITIES.slice()
    .reverse()
    .filter((s) => result.summary[s] > 0);
  lines.push(
    counts.length
      ? `**Findings:** ${counts.map((s) => `${result.summary[s]} ${s}`).join(', ')}`
      : '**No findings.**',
    '',
  );
  for (const finding of result.findings) lines.push(...renderFinding(finding));

  if (result.notes.length) {
    lines.push('<details><summary>Notes</summary>', '');
    for (const note of result.notes) lines.push(`- ${escape(note)}`);
    lines.push('', '</details>', '');
  }
  return redactor.text(lines.join('\n')) + '\n';
}

function renderFinding(finding: Finding): string[] {
  const where = `${finding.method} ${finding.url}`;
  const lines = [
    '<details>',
    `<summary>${ICONS[finding.severity]} <b>${finding.severity.toUpperCase()}</b> ` +
      `${escape(finding.title)} — <code>${escape(where)}</code> ` +
      `(<code>${finding.id}</code>)</summary>`,
    '',
    escape(finding.message),
    '',
    `*Basis:* ${escape(finding.basis)} · *confidence* ${finding.confidence} · ` +
      `${finding.cwe.map((id) => `CWE-${id}`).join(', ')} · ${finding.owasp}`,
    '',
  ];
  if (finding.severityNote)
    lines.push(`*Severity lowered:* ${escape(finding.severityNote)}`, '');
  // A comment has a size limit (65,536 characters on GitHub): two probes and the
  // references they were judged against prove the point; JSON and HTML keep all.
  const probes = finding.evidence.filter((item) => item.role === 'probe');
  const others = finding.evidence.filter((item) => item.role !== 'probe');
  const shown = [...probes.slice(0, PROBES_SHOWN), ...others.slice(0, REFERENCES_SHOWN)];
  for (const item of shown) lines.push(...renderExchange(item));
  const more = finding.evidence.length - shown.length;
  if (more > 0) lines.push(`*(+${more} more exchanges in the JSON and HTML reports)*`, '');
  lines.push('Reproduce:', '', ...fenced('sh', finding.reproduce));
  lines.push(
    `**Fix:** ${escape(finding.remediation.summary)} ` +
      `Code for Flask, Express, FastAPI and Django: \`sigprobe explain ${finding.id}\`.`,
    '',
    '</details>',
    '',
  );
  return lines;
}

function renderExchange(item: EvidenceExchange): string[] {
  const request = [
    `${item.request.method} ${item.request.url}`,
    ...item.request.headers.map(([name, value]) => `${name}: ${value}`),
    ...(item.request.bodyExcerpt ? ['', item.request.bodyExcerpt] : []),
  ];
  const response = item.response
    ? [
        `HTTP ${item.response.status}`,
        ...item.response.headers.map(([name, value]) => `${name}: ${value}`),
        ...(item.response.bodyExcerpt ? ['', item.response.bodyExcerpt] : []),
      ]
    : [`(no answer: ${item.error ?? 'unknown'})`];
  return [
    `**${item.role}:** ${escape(item.label)}`,
    '',
    ...fenced('http', [...request, '', '→', ...response].join('\n')),
  ];
}

/** A fence longer than any backtick run inside, so evidence cannot close it early. */
function fenced(language: string, text: string): string[] {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return [`${fence}${language}`, text, fence, ''];
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function code(text: string): string {
  return text.replace(/`/g, "'");
}
