import { randomUUID } from 'node:crypto';
import { defaultRegistry } from '../checks/index.js';
import { HttpEngine } from '../http/engine.js';
import { Scope, normaliseOrigin } from '../http/scope.js';
import { InputError, TargetError } from '../model/errors.js';
import type { Finding } from '../model/finding.js';
import type { HttpRequest } from '../model/http.js';
import { Redactor } from '../report/redact.js';
import { summarise, SCHEMA_VERSION } from '../report/result.js';
import type { ScanResult } from '../report/result.js';
import { scoreFindings } from '../report/score.js';
import { createScheme, schemeIds } from '../schemes/registry.js';
import type { SchemeOverrides } from '../schemes/types.js';
import { VERSION } from '../version.js';
import { ScanSession } from './session.js';
import type { ProgressEvent, SchemeSource } from './session.js';
import type { Endpoint } from './target.js';

export interface ScanOptions {
  urls: string[];
  method: string;
  body?: Buffer;
  contentType?: string;
  scheme?: string;
  schemeOverrides?: SchemeOverrides;
  secret?: Buffer;
  safe: boolean;
  only?: string[];
  oracle?: string;
  scope?: string[];
  concurrency: number;
  rate?: number;
  timeoutMs: number;
  maxResponseBytes: number;
  maxRequests?: number;
}

export interface ScanHooks {
  onProgress?(event: ProgressEvent): void;
  onFinding?(finding: Finding): void;
}

export interface ScanRun {
  result: ScanResult;
  redactor: Redactor;
}

/** The whole scan as a library call: validate, build the target model, run, assemble. */
export async function runScan(options: ScanOptions, hooks: ScanHooks = {}): Promise<ScanRun> {
  const endpoints = options.urls.map((url) => toEndpoint(url, options));
  const scheme = buildScheme(options);
  const scope = new Scope([...endpoints.map((e) => e.url), ...(options.scope ?? [])].map(checkedOrigin));
  const oracle = options.oracle ? parseOracle(options.oracle, scope) : undefined;
  const registry = defaultRegistry();
  for (const id of options.only ?? []) {
    if (!registry.get(id)) throw new InputError('unknown-check', `unknown check "${id}"; run "sigprobe checks" to list them`);
  }

  const engine = new HttpEngine({
    scope,
    concurrency: options.concurrency,
    rate: options.rate,
    timeoutMs: options.timeoutMs,
    maxResponseBytes: options.maxResponseBytes,
    maxRequests: options.maxRequests ?? 5000,
  });
  const redactor = new Redactor();
  const session = new ScanSession(
    {
      endpoints,
      scheme: scheme.scheme,
      schemeSource: scheme.source,
      secret: options.secret,
      safe: options.safe,
      only: options.only,
      oracle,
    },
    engine,
    registry,
    redactor,
  );
  if (hooks.onProgress) {
    const onProgress = hooks.onProgress;
    session.on('progress', onProgress);
    engine.on('exchange', () => onProgress(session.progress()));
  }
  if (hooks.onFinding) session.on('finding', hooks.onFinding);

  const startedAt = new Date();
  const started = performance.now();
  try {
    const outcome = await session.run();
    if (outcome.unreachable) throw new TargetError('unreachable', outcome.unreachable);

    const result: ScanResult = {
      schemaVersion: SCHEMA_VERSION,
      tool: { name: 'sigprobe', version: VERSION },
      target: endpoints[0]!.url,
      endpoints: endpoints.map(({ method, url, operation }) => ({ method, url, operation })),
      scheme: { id: scheme.scheme.id, source: scheme.source },
      level: options.secret ? 'L2' : 'L0',
      safe: options.safe,
      startedAt: startedAt.toISOString(),
      durationMs: Math.round(performance.now() - started),
      requestsSent: engine.requestsSent,
      summary: summarise(outcome.findings),
      score: scoreFindings(outcome.findings, outcome.checkRuns),
      findings: outcome.findings,
      notes: outcome.notes,
      checks: outcome.checkRuns,
    };
    return { result, redactor };
  } finally {
    await engine.close();
  }
}

function buildScheme(options: ScanOptions) {
  const named = options.scheme !== undefined;
  const id = options.scheme ?? 'plain';
  if (!schemeIds().includes(id)) {
    throw new InputError('unknown-scheme', `unknown scheme "${id}"; known: ${schemeIds().join(', ')}`);
  }
  const overrides = options.schemeOverrides ?? {};
  const source: SchemeSource = named || overrides.signatureHeader ? 'named' : 'default';
  return { scheme: createScheme(id, overrides), source };
}

function toEndpoint(url: string, options: ScanOptions): Endpoint {
  checkedOrigin(url);
  const body = options.body ?? defaultBody();
  const contentType = options.contentType ?? 'application/json';
  return {
    method: options.method.toUpperCase(),
    url,
    headers: body.length ? [['Content-Type', contentType]] : [],
    body,
  };
}

function checkedOrigin(url: string): string {
  try {
    return normaliseOrigin(url);
  } catch {
    throw new InputError('bad-url', `"${url}" is not an http:// or https:// URL`);
  }
}

function parseOracle(text: string, scope: Scope): HttpRequest {
  const match = /^(GET|HEAD)\s+(\S+)$/i.exec(text.trim());
  if (!match) throw new InputError('bad-oracle', `--oracle takes "GET <url>", got "${text}"`);
  const url = match[2]!;
  checkedOrigin(url);
  if (!scope.allows(url)) {
    throw new InputError('oracle-out-of-scope', `the oracle ${url} is outside the scan's scope; add --scope ${new URL(url).origin}`);
  }
  return { method: match[1]!.toUpperCase(), url, headers: [], body: Buffer.alloc(0) };
}

/** A plausible event, so receivers that validate bodies judge the signature, not the JSON. */
function defaultBody(): Buffer {
  const event = {
    id: `evt_${randomUUID().replace(/-/g, '').slice(0, 20)}`,
    type: 'sigprobe.test',
    created: Math.floor(Date.now() / 1000),
    data: { object: { id: 'obj_sigprobe', status: 'ok' } },
  };
  return Buffer.from(JSON.stringify(event));
}
