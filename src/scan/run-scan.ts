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
  const redactor = new Redactor();
  const endpoints = uniqueEndpoints(options.urls.map((url) => toEndpoint(url, options, redactor)));
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
      unscanned: outcome.unscanned,
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

// RFC 9110 token: what a method or a header name may contain.
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function toEndpoint(raw: string, options: ScanOptions, redactor: Redactor): Endpoint {
  checkedOrigin(raw);
  const method = options.method.toUpperCase();
  if (!TOKEN.test(method)) throw new InputError('bad-method', `--method "${options.method}" is not an HTTP method`);
  const header = options.schemeOverrides?.signatureHeader;
  if (header !== undefined && !TOKEN.test(header)) {
    throw new InputError('bad-header', `--header "${header}" is not a valid header name`);
  }

  // Credentials in the URL become an Authorization header (undici never sends them)
  // and are redacted everywhere; the fragment never reaches a server.
  const url = new URL(raw);
  const headers: Array<[string, string]> = [];
  if (url.username || url.password) {
    const user = decodeURIComponent(url.username);
    const password = decodeURIComponent(url.password);
    const token = Buffer.from(`${user}:${password}`).toString('base64');
    redactor.addSignature(token);
    if (password) redactor.addSecret(Buffer.from(password));
    headers.push(['Authorization', `Basic ${token}`]);
    url.username = '';
    url.password = '';
  }
  url.hash = '';

  const body = options.body ?? defaultBody();
  if (body.length) headers.unshift(['Content-Type', options.contentType ?? 'application/json']);
  return { method, url: url.toString(), headers, body };
}

function uniqueEndpoints(endpoints: Endpoint[]): Endpoint[] {
  const seen = new Set<string>();
  return endpoints.filter((endpoint) => {
    const key = `${endpoint.method} ${endpoint.url}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
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
