import { writeFileSync } from 'node:fs';
import { InputError } from '../model/errors.js';
import type { Redactor } from '../report/redact.js';
import { FORMAT_ALIASES, render, REPORT_FORMATS } from '../report/render.js';
import type { ReportFormat } from '../report/render.js';
import type { ScanResult } from '../report/result.js';

/**
 * Where each report format goes. `--format text,sarif,html` picks formats;
 * `--output sarif=out.sarif` sends one to a file (naming a format there also selects
 * it); a bare `--output file` is allowed when exactly one format is selected. Formats
 * without a file go to stdout, and at most one may, so outputs never interleave.
 */
export interface ReportPlan {
  targets: Array<{ format: ReportFormat; file?: string }>;
}

export function planReports(
  formats: string[] | undefined,
  outputs: string[] | undefined,
): ReportPlan {
  const files = new Map<ReportFormat, string>();
  const bare: string[] = [];
  for (const spec of outputs ?? []) {
    const match = /^([a-z]+)=(.+)$/.exec(spec);
    if (match && isFormatName(match[1]!)) {
      const format = toFormat(match[1]!);
      if (files.has(format))
        throw new InputError(
          'output-twice',
          `--output names ${format} twice; give one file per format`,
        );
      files.set(format, match[2]!);
    } else {
      bare.push(spec);
    }
  }

  const named = (formats ?? []).map(toFormat);
  const selected = unique([
    ...(named.length || files.size ? named : ['text' as const]),
    ...files.keys(),
  ]);
  if (bare.length > 1)
    throw new InputError(
      'output-twice',
      'give one bare --output file, or --output <format>=<file> per format',
    );
  if (bare.length === 1) {
    const open = selected.filter((format) => !files.has(format));
    if (open.length !== 1) {
      throw new InputError(
        'output-ambiguous',
        `--output ${bare[0]} fits one format but ` +
          `${open.length ? open.join(', ') : 'none'} would use it; ` +
          'write --output <format>=<file>, e.g. --output sarif=report.sarif',
      );
    }
    files.set(open[0]!, bare[0]!);
  }

  const toStdout = selected.filter((format) => !files.has(format));
  if (toStdout.length > 1) {
    throw new InputError(
      'stdout-twice',
      `only one format can go to stdout, but ${toStdout.join(', ')} have no file; ` +
        `add --output ${toStdout[1]}=<file>`,
    );
  }
  return { targets: selected.map((format) => ({ format, file: files.get(format) })) };
}

export function writeReports(
  plan: ReportPlan,
  result: ScanResult,
  redactor: Redactor,
  options: { verbose?: boolean },
): void {
  for (const { format, file } of plan.targets) {
    // Colour only for a person at a terminal; NO_COLOR (any value) turns it off.
    const color = !file && process.stdout.isTTY === true && !process.env.NO_COLOR;
    const text = render(format, result, redactor, { color, verbose: Boolean(options.verbose) });
    if (!file) {
      process.stdout.write(text);
      continue;
    }
    try {
      writeFileSync(file, text);
    } catch (error) {
      throw new InputError(
        'output',
        `cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
      );
    }
    process.stderr.write(`${format} report written to ${file}\n`);
  }
}

function isFormatName(name: string): boolean {
  return (REPORT_FORMATS as readonly string[]).includes(name) || name in FORMAT_ALIASES;
}

function toFormat(name: string): ReportFormat {
  const lower = name.trim().toLowerCase();
  if (!isFormatName(lower)) {
    throw new InputError(
      'unknown-format',
      `unknown format "${name}"; choose from ${REPORT_FORMATS.join(', ')} (md for markdown)`,
    );
  }
  return FORMAT_ALIASES[lower] ?? (lower as ReportFormat);
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}
