import { ALL_CHECKS } from '../checks/index.js';
import type { EvidenceExchange, Finding } from '../model/finding.js';
import { SEVERITIES } from '../model/severity.js';
import { fixesFor } from '../remediation/fixes.js';
import { CATEGORY_TITLES, categoryOf } from './categories.js';
import { HTML_SCRIPT, HTML_STYLE } from './html-assets.js';
import type { Redactor } from './redact.js';
import type { ScanResult } from './result.js';

/**
 * One self-contained page for a security review: grade and sub-scores, findings with
 * highlighted evidence, reproduce commands with a copy button, fixes per framework,
 * and the coverage map of which check ran where. Styles and the small script are
 * inline, and a Content-Security-Policy forbids any fetch, so the file opens offline
 * and leaks nothing when shared.
 */
const CSP = [
  "default-src 'none'",
  "style-src 'unsafe-inline'",
  "script-src 'unsafe-inline'",
  'img-src data:',
].join('; ');

export function renderHtml(result: ScanResult, redactor: Redactor): string {
  const card = result.score;
  const title = `sigprobe report: ${result.target}`;
  const page = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${HTML_STYLE}</style>
</head>
<body>
<header>
  <div class="grade grade-${card.grade}" aria-label="grade ${card.grade}">${card.grade}</div>
  <div>
    <h1>sigprobe report</h1>
    <p class="target"><code>${esc(result.target)}</code></p>
    <p class="meta">score <b>${card.score}</b>/100 · scheme <code>${esc(result.scheme.id)}</code> ·
      level ${result.level}${result.safe ? ' · --safe' : ''} ·
      ${result.endpoints.length} endpoint(s) ·
      ${result.requestsSent} requests in ${(result.durationMs / 1000).toFixed(1)} s ·
      ${esc(result.startedAt)} · sigprobe ${esc(result.tool.version)}</p>
    ${card.cap ? `<p class="cap">${esc(card.cap.reason)}</p>` : ''}
  </div>
</header>
<main>
${renderScores(result)}
${renderFindings(result.findings)}
${renderCoverage(result)}
${renderNotes(result.notes)}
</main>
<script>${HTML_SCRIPT}</script>
</body>
</html>
`;
  return redactor.text(page);
}

function renderScores(result: ScanResult): string {
  const counts = SEVERITIES.slice()
    .reverse()
    .map((s) => `<li class="sev-${s}"><b>${result.summary[s]}</b> ${s}</li>`)
    .join('');
  const bars = result.score.categories
    .map((category) => {
      const value = category.score;
      const width = value ?? 0;
      const tone = value === null ? 'na' : value >= 90 ? 'good' : value >= 70 ? 'fair' : 'poor';
      return `<div class="bar-row"><span class="bar-label">${esc(category.title)}</span>
  <span class="bar"><span class="fill ${tone}" style="width:${width}%"></span></span>
  <span class="bar-value">${value === null ? 'not assessed' : value}</span></div>`;
    })
    .join('\n');
  return `<section class="scores">
  <h2>Scores</h2>
  <ul class="counts">${counts}</ul>
  <div class="bars">${bars}</div>
</section>`;
}

function renderFindings(findings: Finding[]): string {
  if (!findings.length)
    return '<section><h2>Findings</h2><p class="none">No findings.</p></section>';
  return `<section><h2>Findings (${findings.length})</h2>
${findings.map(renderFinding).join('\n')}
</section>`;
}

function renderFinding(finding: Finding, index: number): string {
  const category = categoryOf(finding.id);
  const categoryTitle = category ? CATEGORY_TITLES[category] : 'uncategorised';
  const cwes = finding.cwe.map((id) => `CWE-${id}`).join(', ');
  const operation = finding.operation ? ` · ${esc(finding.operation)}` : '';
  const lowered = finding.severityNote
    ? `<p class="basis"><b>Severity lowered:</b> ${esc(finding.severityNote)}</p>`
    : '';
  // Short evidence is open; long evidence folds (printing opens every fold).
  const open = finding.evidence.length <= 3 ? ' open' : '';
  const evidence = finding.evidence.map(renderExchange).join('\n');
  const fixes = fixesFor(finding.remediation.key, finding.scheme).map(
    (fix) =>
      `<details class="fix"><summary>${esc(fix.title)} ` +
      `<span class="src">${esc(fix.source)}</span></summary>\n` +
      `<pre class="code"><code>${esc(fix.code)}</code></pre></details>`,
  );

  return `<article class="finding sev-${finding.severity}" id="finding-${index + 1}">
  <h3><span class="badge sev-${finding.severity}">${finding.severity}</span>
    ${esc(finding.title)}</h3>
  <p class="where"><code>${esc(finding.method)} ${esc(finding.url)}</code>${operation}</p>
  <p class="tags"><code>${finding.id}</code> · ${categoryTitle} · ${cwes} ·
    ${esc(finding.owasp)} · confidence ${finding.confidence}</p>
  <p>${esc(finding.message)}</p>
  <p class="basis"><b>Basis:</b> ${esc(finding.basis)}</p>
  ${lowered}
  <details class="evidence"${open}>
    <summary>Evidence (${finding.evidence.length} exchanges)</summary>
${evidence}
  </details>
  <div class="reproduce"><b>Reproduce</b>
    <div class="cmd"><pre><code>${esc(finding.reproduce)}</code></pre>
      <button type="button" class="copy">Copy</button></div>
  </div>
  <div class="fixes"><b>Fix</b>
    <p>${esc(finding.remediation.summary)}</p>
${fixes.join('\n')}
  </div>
</article>`;
}

function renderExchange(item: EvidenceExchange): string {
  const headers = (list: Array<[string, string]>) =>
    list
      .map(([name, value]) => `<span class="hn">${esc(name)}:</span> ${esc(value)}`)
      .join('\n');
  const body = (text: string) => (text ? `\n\n<span class="body">${esc(text)}</span>` : '');

  const { request, response } = item;
  const requestLine = `<span class="rl">${esc(request.method)} ${esc(request.url)}</span>`;
  const requestText = `${requestLine}\n${headers(request.headers)}${body(request.bodyExcerpt)}`;
  const responseText = response
    ? `<span class="rl st-${Math.floor(response.status / 100)}">HTTP ${response.status}</span>\n` +
      `${headers(response.headers)}${body(response.bodyExcerpt)}`
    : `<span class="rl st-x">no answer: ${esc(item.error ?? 'unknown')}</span>`;
  const time = item.timeMs === undefined ? '' : ` <span class="ms">${item.timeMs} ms</span>`;

  return `<div class="exchange role-${item.role}">
  <div class="xlabel"><span class="role">${item.role.replace(/-/g, ' ')}</span>
    ${esc(item.label)}${time}</div>
  <div class="pair"><pre class="req">${requestText}</pre>
    <pre class="res">${responseText}</pre></div>
</div>`;
}

/** Which check ran on which endpoint, with its outcome: what the grade rests on. */
function renderCoverage(result: ScanResult): string {
  const endpoints = [...new Set(result.checks.map((run) => run.endpoint))];
  const ids = ALL_CHECKS.map((check) => check.meta.id).filter((id) =>
    result.checks.some((run) => run.checkId === id),
  );
  const found = new Set(result.findings.map((f) => `${f.id}\n${f.method} ${f.url}`));

  const cell = (id: string, endpoint: string) => {
    const run = result.checks.find((item) => item.checkId === id && item.endpoint === endpoint);
    if (!run) return '<td class="cov-none">–</td>';
    if (found.has(`${id}\n${endpoint}`)) return '<td class="cov-found">finding</td>';
    const reason = run.reason ? ` (${esc(run.reason)})` : '';
    return `<td class="cov-${run.status}">${run.status}${reason}</td>`;
  };
  const rows = ids.map((id) => {
    const category = categoryOf(id);
    const cells = endpoints.map((endpoint) => cell(id, endpoint)).join('');
    const title = category ? CATEGORY_TITLES[category] : '';
    return `<tr><th><code>${id}</code></th><td>${title}</td>${cells}</tr>`;
  });
  const heads = endpoints.map((endpoint) => `<th>${esc(endpoint)}</th>`).join('');

  return `<section class="coverage"><h2>Coverage map</h2>
<table><thead><tr><th>check</th><th>category</th>${heads}</tr></thead>
<tbody>${rows.join('\n')}</tbody></table></section>`;
}

function renderNotes(notes: string[]): string {
  if (!notes.length) return '';
  const items = notes.map((note) => `<li>${esc(note)}</li>`).join('');
  return `<section><h2>Notes</h2><ul>${items}</ul></section>`;
}

function esc(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
