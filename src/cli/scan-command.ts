import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { InputError } from '../model/errors.js';
import { isAtLeast } from '../model/severity.js';
import type { Severity } from '../model/severity.js';
import type { ScanResult } from '../report/result.js';
import { PROFILES } from '../checks/types.js';
import type { Profile } from '../checks/types.js';
import { runScan } from '../scan/run-scan.js';
import { schemeIds } from '../schemes/registry.js';
import {
  collect,
  commaList,
  GATE_CHOICES,
  positiveInteger,
  positiveNumber,
} from './options.js';
import { addSchemeShapeOptions } from './scheme-options.js';
import { planReports, writeReports } from './report-outputs.js';
import { parseThreshold, thresholdMiss } from './threshold.js';
import type { Threshold } from './threshold.js';
import { ProgressLine } from './progress.js';
import { loadSecret } from './secret.js';
import { loadSample } from '../inputs/index.js';
import { loadTemplate } from '../schemes/template.js';
import type { SchemeOverrides } from '../schemes/types.js';

interface ScanFlags {
  sample?: string;
  entry?: string;
  timestampHeader?: string;
  idHeader?: string;
  schemeFile?: string;
  awsCredential?: string;
  header?: string;
  tag?: string;
  scheme?: string;
  method: string;
  body?: string;
  bodyFile?: string;
  contentType?: string;
  secretEnv?: string;
  secretFile?: string;
  oracle?: string;
  scope?: string[];
  format?: string[];
  output?: string[];
  failOn: string;
  threshold?: Threshold;
  concurrency: number;
  rate?: number;
  timeout: number;
  maxResponseBytes: number;
  safe?: boolean;
  checks?: string[];
  verbose?: boolean;
  progress: boolean;
  spec?: string;
  server?: string;
  operations?: string[];
  tags?: string[];
  webhookProbe: boolean;
  wordlist?: string;
  crackTime: number;
  defaultSecrets: number;
  profile?: Profile;
  timing?: boolean;
  timingBudget?: number;
  burst?: number;
}

export function scanCommand(): Command {
  const base = new Command('scan')
    .description('scan one or more endpoints that should require signed requests')
    .argument(
      '[url...]',
      "endpoint URL(s) to scan (with --sample: optional, its origin replaces the sample's)",
    )
    .option(
      '--sample <file>',
      'a captured, validly signed request: HAR 1.2, curl command line, or raw HTTP/1.1 (L1)',
    )
    .option('--entry <n|url>', 'which HAR entry to use: its number (from 1) or URL')
    .addOption(
      new Option('--scheme <id>', 'signature scheme the endpoint uses').choices(schemeIds()),
    );

  return addSchemeShapeOptions(
    base,
    'AWS SigV4 access key id, region and service to sign with',
  )
    .option('--method <method>', 'HTTP method a legitimate sender uses', 'POST')
    .option('--body <text>', 'request body to send (default: a small JSON event)')
    .option('--body-file <path>', 'read the request body from a file, byte for byte')
    .option('--content-type <type>', 'Content-Type of the body', undefined)
    .option('--secret-env <name>', 'environment variable holding the shared secret (L2)')
    .option('--secret-file <path>', 'file holding the shared secret (L2)')
    .option(
      '--oracle <request>',
      'read-only request that changes when the endpoint acts, e.g. "GET https://host/log"',
    )
    .option('--scope <origin>', 'another origin the scan may reach (repeatable)', collect)
    .option(
      '--format <list>',
      'report formats, comma-separated: text, json, sarif, html, markdown (default text)',
      commaList,
    )
    .option(
      '--output <[format=]file>',
      'write a format to a file, e.g. sarif=out.sarif (repeatable)',
      collect,
    )
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity')
        .choices(GATE_CHOICES)
        .default('low'),
    )
    .option(
      '--threshold <score|grade>',
      'exit 1 when the score is below this (0-100) or the grade worse (A-F)',
      parseThreshold,
    )
    .option(
      '--concurrency <n>',
      'requests in flight at once',
      positiveInteger('--concurrency'),
      4,
    )
    .option('--rate <n>', 'at most this many requests per second', positiveNumber('--rate'))
    .option(
      '--timeout <ms>',
      'connect and read timeout per request',
      positiveInteger('--timeout'),
      10_000,
    )
    .option(
      '--max-response-bytes <n>',
      'bytes of each response kept; the rest is discarded',
      positiveInteger('--max-response-bytes'),
      1024 * 1024,
    )
    .option(
      '--safe',
      'send nothing a correct receiver would act on (no valid signatures, no PUT/PATCH/DELETE)',
    )
    .option('--checks <ids>', 'run only these checks (comma-separated)', commaList)
    .addOption(
      new Option('--profile <name>', 'checks and budgets: quick, standard or deep')
        .choices(PROFILES)
        .default('standard'),
    )
    .option(
      '--timing',
      'measure response-time differences between rejections (on in --profile deep)',
    )
    .option(
      '--timing-budget <n>',
      'at most this many timing requests per endpoint',
      positiveInteger('--timing-budget'),
    )
    .option(
      '--burst <n>',
      'wrong signatures sent by the throttling check (default 30)',
      positiveInteger('--burst'),
    )
    .option('--verbose', 'show every exchange of each finding')
    .option('--no-progress', 'never show the progress line')
    .option(
      '--spec <file|url>',
      'OpenAPI 3.0/3.1 or Swagger 2.0 document: scan every operation (the URL is the API base)',
    )
    .option(
      '--server <index|url>',
      "which of the spec's servers gives the base path (default: the first)",
    )
    .option(
      '--operations <ids>',
      'with --spec: only these operations (operationId or "METHOD /path", comma-separated)',
      commaList,
    )
    .option(
      '--tags <tags>',
      'with --spec: only operations with one of these tags (comma-separated)',
      commaList,
    )
    .option(
      '--no-webhook-probe',
      'with --spec: do not probe well-known webhook paths missing from the spec',
    )
    .option(
      '--wordlist <path>',
      'weak-secret-crackable: candidate secrets tried after the bundled list',
    )
    .option(
      '--crack-time <seconds>',
      'weak-secret-crackable: time budget',
      positiveNumber('--crack-time'),
      30,
    )
    .option(
      '--default-secrets <n>',
      'default-secret-accepted: requests signed with bundled secrets',
      nonNegativeInteger,
      20,
    )
    .action(async (urls: string[], flags: ScanFlags) => {
      process.exitCode = await scan(urls, flags);
    });
}

async function scan(urls: string[], flags: ScanFlags): Promise<number> {
  // Everything that can be wrong with the input is found before the first request.
  if (flags.checks && flags.checks.length === 0)
    throw new InputError('no-checks', '--checks names no check');
  const plan = planReports(flags.format, flags.output);
  for (const { file } of plan.targets) if (file) checkWritable(file);
  const progress = new ProgressLine(flags.progress && process.stderr.isTTY === true);
  const sample = flags.sample ? loadSample(flags.sample, { entry: flags.entry }) : undefined;
  if (flags.entry !== undefined && !sample)
    throw new InputError('entry-without-sample', '--entry needs --sample <file.har>');
  if (!sample && urls.length === 0)
    throw new InputError(
      'no-target',
      'give a URL to scan, or --sample with a captured request',
    );
  const run = runScan(
    {
      urls,
      sample,
      method: flags.method,
      body: readBody(flags),
      contentType: flags.contentType,
      scheme: flags.schemeFile ? 'template' : flags.scheme,
      schemeOverrides: schemeOverrides(flags),
      secret: loadSecret(flags),
      safe: Boolean(flags.safe),
      only: flags.checks,
      oracle: flags.oracle,
      scope: flags.scope,
      concurrency: flags.concurrency,
      rate: flags.rate,
      timeoutMs: flags.timeout,
      maxResponseBytes: flags.maxResponseBytes,
      spec: flags.spec,
      server: flags.server,
      operations: flags.operations,
      tags: flags.tags,
      webhookProbe: flags.webhookProbe,
      wordlist: flags.wordlist,
      crackTimeMs: flags.crackTime * 1000,
      defaultSecretRequests: flags.defaultSecrets,
      tuning: {
        profile: flags.profile,
        timing: flags.timing,
        timingBudget: flags.timingBudget,
        burst: flags.burst,
      },
    },
    {
      onProgress: (event) => progress.update(event),
      onStart: (plan) => {
        if (plan.statement) process.stderr.write(`sigprobe: ${plan.statement}\n`);
      },
    },
  );
  // The line is cleared on failure too, so an error message starts on a clean line.
  const { result, redactor } = await run.finally(() => progress.clear());

  writeReports(plan, result, redactor, flags);
  if (result.unscanned?.length) {
    const first = result.unscanned[0]!;
    const more =
      result.unscanned.length > 1 ? ` (and ${result.unscanned.length - 1} more)` : '';
    process.stderr.write(`sigprobe: ${first.endpoint}: ${first.reason}${more}\n`);
    return 3;
  }
  const miss = flags.threshold && thresholdMiss(result.score, flags.threshold);
  if (miss) process.stderr.write(`sigprobe: threshold not met: ${miss}\n`);
  return gateFailed(result, flags.failOn) || miss ? 1 : 0;
}

/** The report's folder must exist and be writable; sigprobe creates no folders. */
export function checkWritable(path: string): void {
  const folder = dirname(resolve(path));
  let stats;
  try {
    stats = statSync(folder);
  } catch {
    throw new InputError(
      'output',
      `cannot write --output ${path}: folder ${folder} does not exist`,
    );
  }
  if (!stats.isDirectory())
    throw new InputError('output', `cannot write --output ${path}: ${folder} is not a folder`);
  if (existsSync(path) && statSync(path).isDirectory()) {
    throw new InputError('output', `cannot write --output ${path}: it is a folder`);
  }
  try {
    accessSync(folder, constants.W_OK);
  } catch {
    throw new InputError(
      'output',
      `cannot write --output ${path}: folder ${folder} is not writable`,
    );
  }
}

export function schemeOverrides(flags: {
  header?: string;
  tag?: string;
  timestampHeader?: string;
  idHeader?: string;
  schemeFile?: string;
  awsCredential?: string;
  scheme?: string;
}): SchemeOverrides {
  if (flags.scheme === 'template' && !flags.schemeFile) {
    throw new InputError(
      'template-missing',
      '--scheme template needs --scheme-file <path.yaml|json>',
    );
  }
  if (flags.schemeFile && flags.scheme && flags.scheme !== 'template') {
    throw new InputError(
      'scheme-file-conflict',
      `--scheme-file describes a template scheme; drop --scheme ${flags.scheme}`,
    );
  }
  if (flags.awsCredential && !/^[^/\s]+\/[^/\s]+\/[^/\s]+$/.test(flags.awsCredential)) {
    throw new InputError(
      'aws-credential',
      `--aws-credential takes "ACCESS_KEY_ID/region/service", got "${flags.awsCredential}"`,
    );
  }
  return {
    signatureHeader: flags.header,
    timestampHeader: flags.timestampHeader,
    idHeader: flags.idHeader,
    tag: flags.tag,
    credential: flags.awsCredential,
    template: flags.schemeFile ? loadTemplate(flags.schemeFile) : undefined,
  };
}

export function gateFailed(result: ScanResult, failOn: string): boolean {
  if (failOn === 'never') return false;
  return result.findings.some((finding) => isAtLeast(finding.severity, failOn as Severity));
}

function nonNegativeInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) {
    throw new InvalidArgumentError(
      `--default-secrets takes a whole number of at least 0, got "${value}"`,
    );
  }
  return number;
}

function readBody(flags: ScanFlags): Buffer | undefined {
  if (flags.body !== undefined && flags.bodyFile) {
    throw new InputError('body-twice', 'give --body or --body-file, not both');
  }
  if (flags.body !== undefined) return Buffer.from(flags.body, 'utf8');
  if (!flags.bodyFile) return undefined;
  try {
    return readFileSync(flags.bodyFile);
  } catch (error) {
    throw new InputError(
      'body-file',
      `cannot read --body-file ${flags.bodyFile}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
    );
  }
}
