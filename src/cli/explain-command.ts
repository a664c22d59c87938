import { Command, Option } from 'commander';
import { ALL_CHECKS } from '../checks/index.js';
import type { CheckMeta, SendKind } from '../checks/types.js';
import { UNSAFE_KINDS } from '../checks/types.js';
import { InputError } from '../model/errors.js';
import { CATEGORY_TITLES, categoryOf } from '../report/categories.js';
import { SEVERITY_POINTS } from '../report/score.js';
import { FRAMEWORKS, fixesFor } from '../remediation/fixes.js';
import { REMEDIATIONS } from '../remediation/index.js';

/** What each kind of request a check sends is, in words a reviewer can approve. */
const SENDS: Record<SendKind, string> = {
  unsigned: 'the endpoint’s request with no signature header',
  forged:
    'the endpoint’s request with a well-formed signature made with a random, wrong secret',
  malformed:
    'the request with broken signature values (empty, wrong tag, wrong length, non-hex)',
  signed:
    'the request with a valid signature made with the secret you gave (--secret-env/--secret-file)',
  'resend-signed': 'a validly signed request sent again unchanged',
  'other-methods':
    'the same path with other HTTP methods (PUT, PATCH, DELETE, GET, HEAD, OPTIONS)',
  burst: 'a bounded burst of wrong-signature requests',
  offline:
    'nothing: it works offline on the captured sample (or, when it finds the secret, one request signed with it)',
};

export function explainCommand(): Command {
  return new Command('explain')
    .description('explain a check: what it proves, how, what it sends, and the fixes')
    .argument('<check-id>', 'a check id, as "sigprobe checks" lists them')
    .addOption(
      new Option('--framework <id>', 'show the fix for one framework only').choices(
        FRAMEWORKS.map((f) => f.id),
      ),
    )
    .action((id: string, flags: { framework?: string }) => {
      process.stdout.write(explainCheck(id, flags.framework));
    });
}

export function explainCheck(id: string, framework?: string): string {
  const meta = ALL_CHECKS.find((check) => check.meta.id === id)?.meta;
  if (!meta) {
    const closest = closestIds(id);
    throw new InputError(
      'unknown-check',
      `unknown check "${id}"${closest.length ? `; did you mean ${closest.join(' or ')}?` : ''} ` +
        '(run "sigprobe checks" to list them)',
    );
  }
  return render(meta, framework);
}

function render(meta: CheckMeta, framework?: string): string {
  const category = categoryOf(meta.id);
  const remediation = REMEDIATIONS[meta.remediation];
  const fixes = fixesFor(meta.remediation).filter(
    (fix) => !framework || fix.framework === framework,
  );
  const safe = meta.sends.every((kind) => UNSAFE_KINDS.includes(kind))
    ? 'skipped under --safe'
    : 'runs under --safe';

  const lines = [
    `${meta.id} — ${meta.title}`,
    '',
    `Severity   ${meta.severity} (default; a finding lowers it when its evidence is weaker)`,
    `Category   ${category ? CATEGORY_TITLES[category] : 'uncategorised'} · ` +
      `costs up to ${SEVERITY_POINTS[meta.severity]} points of the score`,
    `CWE        ${meta.cwe.map((cwe) => `CWE-${cwe}`).join(', ')}`,
    `OWASP      ${meta.owasp} (API Security Top 10, 2023)`,
    `Needs      level ${meta.level}${meta.level === 'L2' ? ' (the shared secret)' : ''}; ${safe}`,
    '',
    'What a finding proves',
    ...wrap(`That ${meta.proves}.`, 2),
    '',
    'How',
    '  Each probe is compared with references sent in the same run: a request that must',
    '  be rejected (a wrong signature) and, with a secret, one that must be accepted. A',
    '  probe counts as accepted only when it answers like success where the rejected',
    '  reference did not (or, with --oracle, when it changed what the oracle reads).',
    '',
    'What it sends',
    ...meta.sends.map((kind) => `  - ${SENDS[kind]}`),
    '',
    'Fix',
    ...wrap(remediation?.summary ?? '', 2),
  ];
  for (const fix of fixes) {
    lines.push(
      '',
      `  ${fix.title} (tested in ${fix.source}):`,
      '',
      ...fix.code.split('\n').map((line) => (line ? `    ${line}` : '')),
    );
  }
  return lines.join('\n') + '\n';
}

/** Up to two ids within a small edit distance, or sharing a word, closest first. */
export function closestIds(input: string): string[] {
  const wanted = input.toLowerCase();
  const scored = ALL_CHECKS.map(({ meta }) => {
    const distance = editDistance(wanted, meta.id);
    const sharesWord = wanted
      .split(/[-_\s]+/)
      .some((word) => word.length > 3 && meta.id.includes(word));
    // A shared word ("bypass", "replay") beats spelling: ranks 1-2, then by distance.
    return { id: meta.id, rank: sharesWord ? 1 + distance / 100 : distance };
  });
  const limit = Math.max(3, Math.floor(wanted.length / 3));
  return scored
    .filter((item) => item.rank <= limit)
    .sort((a, b) => a.rank - b.rank)
    .slice(0, 2)
    .map((item) => item.id);
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}

function wrap(text: string, indent: number, width = 88): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
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
