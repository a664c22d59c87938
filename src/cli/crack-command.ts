import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Command, InvalidArgumentError, Option } from 'commander';
import { crack } from '../crack/crack.js';
import type { CrackOutcome, CrackProgress } from '../crack/crack.js';
import type { KernelChoice } from '../crack/kernel.js';
import { crackTargets } from '../crack/material.js';
import type { CrackTarget } from '../crack/material.js';
import { parseRules } from '../crack/rules.js';
import type { RuleName } from '../crack/rules.js';
import { bundledSource, wordlistSource } from '../crack/sources.js';
import type { CandidateSource } from '../crack/sources.js';
import { loadSample } from '../inputs/index.js';
import { InputError } from '../model/errors.js';
import { schemeIds } from '../schemes/registry.js';
import { positiveInteger, positiveNumber } from './options.js';
import { addSchemeShapeOptions } from './scheme-options.js';

const FORMATS = ['text', 'json'] as const;
import { schemeOverrides } from './scan-command.js';

interface CrackFlags {
  scheme?: string;
  header?: string;
  tag?: string;
  timestampHeader?: string;
  idHeader?: string;
  schemeFile?: string;
  awsCredential?: string;
  entry?: string;
  wordlist?: string;
  bundled: boolean;
  rules?: RuleName[];
  workers?: number;
  maxCandidates?: number;
  maxTime?: number;
  showSecret?: boolean;
  format: (typeof FORMATS)[number];
  kernel: KernelChoice;
  progress: boolean;
}

export function crackCommand(): Command {
  const base = new Command('crack')
    .description(
      'recover the secret of a captured signed request offline (exit 0 found, 1 not found)',
    )
    .argument(
      '<sample>',
      'captured request: HAR file, file with a curl command, or raw HTTP request',
    )
    .addOption(
      new Option(
        '--scheme <id>',
        'signature scheme of the sample (default: recognised)',
      ).choices(schemeIds()),
    );

  return addSchemeShapeOptions(base, 'AWS SigV4 credential scope, when the sample lacks one')
    .option('--entry <n|url>', 'HAR only: which entry holds the signed request')
    .option(
      '--wordlist <path>',
      'candidate secrets, one per line, after the bundled list ("-" for stdin)',
    )
    .option('--no-bundled', 'skip the bundled list of default and example secrets')
    .option(
      '--rules <list>',
      'mutations: case, digits, years, symbols, prefixes, or all',
      ruleList,
    )
    .option(
      '--workers <n>',
      `threads to use (default: ${availableParallelism()}, one per core; none for short lists)`,
      positiveInteger('--workers'),
    )
    .option(
      '--max-candidates <n>',
      'stop after testing this many candidates',
      positiveInteger('--max-candidates'),
    )
    .option('--max-time <seconds>', 'stop after this long', positiveNumber('--max-time'))
    .option('--show-secret', 'print the recovered secret (otherwise only its length)')
    .addOption(
      new Option('--format <format>', 'output format').choices(FORMATS).default('text'),
    )
    .addOption(
      new Option('--kernel <kind>', 'hashing kernel')
        .choices(['auto', 'native', 'js'])
        .default('auto'),
    )
    .option('--no-progress', 'never show the progress line')
    .action(async (sample: string, flags: CrackFlags) => {
      process.exitCode = await runCrack(sample, flags);
    });
}

function ruleList(value: string): RuleName[] {
  try {
    return parseRules(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

async function runCrack(samplePath: string, flags: CrackFlags): Promise<number> {
  const { request, source } = loadSample(samplePath, { entry: flags.entry });
  const scheme = flags.schemeFile ? 'template' : flags.scheme;
  const targets = crackTargets(request, scheme, schemeOverrides(flags));
  const sources = candidateSources(flags);
  const tty = flags.progress && process.stderr.isTTY === true;

  let outcome: CrackOutcome | undefined;
  let winner: CrackTarget | undefined;
  let tested = 0;
  let elapsedMs = 0;
  for (const target of targets) {
    outcome = await crack({
      material: target.material,
      keyMode: target.keyMode,
      sources,
      rules: flags.rules,
      workers: flags.workers,
      maxCandidates: flags.maxCandidates,
      maxTimeMs: flags.maxTime === undefined ? undefined : flags.maxTime * 1000,
      kernel: flags.kernel,
      onProgress: tty ? (progress) => drawProgress(target.scheme, progress) : undefined,
    });
    if (tty) process.stderr.write('\r\x1b[2K');
    tested += outcome.tested;
    elapsedMs += outcome.elapsedMs;
    if (outcome.found) {
      winner = target;
      break;
    }
  }
  if (!outcome) return 1;

  const summary = { ...outcome, tested, elapsedMs };
  process.stdout.write(
    flags.format === 'json'
      ? renderJson(summary, source, targets, winner, flags)
      : renderText(summary, source, targets, winner, flags),
  );
  return outcome.found ? 0 : 1;
}

function candidateSources(flags: CrackFlags): CandidateSource[] {
  const sources: CandidateSource[] = [];
  if (flags.bundled) sources.push(bundledSource());
  if (flags.wordlist !== undefined) {
    if (flags.wordlist !== '-') {
      try {
        if (!statSync(flags.wordlist).isFile()) throw new Error('not a file');
      } catch {
        throw new InputError(
          'wordlist',
          `cannot read --wordlist ${flags.wordlist}: give a readable file or "-" for stdin`,
        );
      }
    }
    sources.push(wordlistSource(flags.wordlist));
  }
  if (sources.length === 0) {
    throw new InputError(
      'crack-no-candidates',
      '--no-bundled leaves no candidates: add --wordlist <path>',
    );
  }
  return sources;
}

function drawProgress(scheme: string, progress: CrackProgress): void {
  let text = `cracking ${scheme}: ${count(progress.tested)} tested · ${count(progress.rate)}/s`;
  if (progress.fraction !== undefined && progress.fraction > 0) {
    const remainingMs = (progress.elapsedMs * (1 - progress.fraction)) / progress.fraction;
    text += ` · ${(progress.fraction * 100).toFixed(0)}% · ETA ${seconds(remainingMs)}`;
  }
  process.stderr.write(`\r\x1b[2K${text}`);
}

/** What the user sees of a recovered secret without --show-secret: its length only. */
function secretText(secret: Buffer, show: boolean): string {
  if (secret.length === 0) return 'the empty secret (0 bytes)';
  if (show) return JSON.stringify(secret.toString('utf8'));
  return `[hidden: ${secret.length} bytes] (add --show-secret to print it)`;
}

function renderText(
  outcome: CrackOutcome,
  source: string,
  targets: CrackTarget[],
  winner: CrackTarget | undefined,
  flags: CrackFlags,
): string {
  const rate = outcome.elapsedMs > 0 ? (outcome.tested * 1000) / outcome.elapsedMs : 0;
  const run =
    `${count(outcome.tested)} candidates in ${seconds(outcome.elapsedMs)} (${count(rate)}/s, ` +
    `${outcome.workers === 0 ? 'main thread' : `${outcome.workers} workers`}, ${outcome.kernel} kernel)`;
  if (outcome.found && winner) {
    return [
      `secret recovered from ${source} (scheme ${winner.scheme})`,
      `  secret:   ${secretText(outcome.found.candidate, Boolean(flags.showSecret))}`,
      `  found in: ${outcome.found.source}, line ${outcome.found.line}`,
      `  tested:   ${run}`,
      '  next:     rotate this secret now; anyone with one signed request can forge any request',
      '',
    ].join('\n');
  }
  const why: Record<string, string> = {
    exhausted: 'every candidate was tested',
    'max-candidates': 'stopped at --max-candidates',
    'max-time': 'stopped at --max-time',
  };
  return [
    `no secret found for ${source} (scheme ${targets.map((t) => t.scheme).join(', ')})`,
    `  tested:   ${run}; ${why[outcome.stopped] ?? outcome.stopped}`,
    '',
  ].join('\n');
}

function renderJson(
  outcome: CrackOutcome,
  source: string,
  targets: CrackTarget[],
  winner: CrackTarget | undefined,
  flags: CrackFlags,
): string {
  const found = outcome.found;
  const body = {
    found: Boolean(found),
    sample: source,
    schemes: targets.map((t) => t.scheme),
    scheme: winner?.scheme,
    secretLength: found?.candidate.length,
    ...(found && flags.showSecret ? { secret: found.candidate.toString('utf8') } : {}),
    foundIn: found ? { source: found.source, line: found.line } : undefined,
    tested: outcome.tested,
    elapsedMs: Math.round(outcome.elapsedMs),
    stopped: outcome.stopped,
    workers: outcome.workers,
    kernel: outcome.kernel,
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}

function count(value: number): string {
  if (value >= 1e6) return `${(value / 1e6).toFixed(2)} M`;
  if (value >= 1e4) return `${(value / 1e3).toFixed(1)} k`;
  return String(Math.round(value));
}

function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms / 1000)} s`;
}
