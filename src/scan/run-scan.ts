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
import { createScheme, schemeIds } from '../schemes/registry.js';
import type { SchemeOverrides } from '../schemes/types.js';
import { VERSION } from '../version.js';
import { ScanSession } from './session.js';
import type { ProgressEvent, SchemeSource } from './session.js';
import type { Endpoint } from './target.js';
import { planSpecScan } from './spec-plan.js';
import type { SpecPlan, SpecPlanOptions } from './spec-plan.js';
import { discoverWebhookRoutes } from './webhook-discovery.js';
import { unusedSchemeFindings } from './spec-findings.js';

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
  /** An OpenAPI/Swagger file or URL: every operation becomes an endpoint. */
  spec?: string;
  /** Which of the spec's servers gives the base path: an index or a URL. */
  server?: string;
  operations?: string[];
  tags?: string[];
  /** Probe well-known webhook paths missing from the spec (default true). */
  webhookProbe?: boolean;
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
  if (options.spec && options.urls.length !== 1) {
    throw new InputError('spec-target', 'with --spec, give exactly one target URL (the API base)');
  }
  const redactor = new Redactor();
  const given = uniqueEndpoints(options.urls.map((url) => toEndpoint(url, options, redactor)));
  const scheme = buildScheme(options);
  const scope = new Scope([...given.map((e) => e.url), ...(options.scope ?? [])].map(checkedOrigin));
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
  let plan: SpecPlan | undefined;
  let endpoints: Endpoint[];
  try {
    // With a spec, the one URL given is the API base; credentials in it are not sent.
    plan = options.spec ? await planSpecScan(specPlanOptions(options, engine, given[0]!.url)) : undefined;
    endpoints = plan ? [...plan.endpoints, ...(await undocumentedRoutes(plan, options, engine))] : given;
  } catch (error) {
    await engine.close();
    throw error;
  }
  const session = new ScanSession(
    {
      endpoints,
      scheme: scheme.scheme,
      schemeSource: scheme.source,
      secret: options.secret,
      safe: options.safe,
      only: options.only,
      oracle,
      endpointConcurrency: plan ? options.concurrency * 4 : undefined,
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

    const findings = plan
      ? [...outcome.findings, ...unusedSchemeFindings(plan, 'none', redactor)]
      : outcome.findings;
    const result: ScanResult = {
      schemaVersion: SCHEMA_VERSION,
      tool: { name: 'sigprobe', version: VERSION },
      target: plan ? plan.baseUrl : endpoints[0]!.url,
      endpoints: endpoints.map(({ method, url, operation }) => ({ method, url, operation })),
      // From a spec, each operation carries the scheme its security maps to.
      scheme:
        plan && scheme.source === 'default'
          ? { id: 'per-operation', source: 'spec' }
          : { id: scheme.scheme.id, source: scheme.source },
      level: options.secret ? 'L2' : plan ? 'spec' : 'L0',
      safe: options.safe,
      startedAt: startedAt.toISOString(),
      durationMs: Math.round(performance.now() - started),
      requestsSent: engine.requestsSent,
      summary: summarise(findings),
      findings,
      notes: outcome.notes,
      checks: outcome.checkRuns,
      unscanned: outcome.unscanned,
    };
    return { result, redactor };
  } finally {
    await engine.close();
  }
}

function specPlanOptions(options: ScanOptions, engine: HttpEngine, target: string): SpecPlanOptions {
  return {
    spec: options.spec!,
    target,
    server: options.server,
    operations: options.operations,
    tags: options.tags,
    userScheme: options.scheme,
    userOverrides: options.schemeOverrides,
    safe: options.safe,
    fetchText: (url) => fetchSpec(engine, url),
  };
}

/** A `--spec` URL is fetched like any probe: through the engine, inside the scope. */
async function fetchSpec(engine: HttpEngine, url: string): Promise<string> {
  if (!engine.scope.allows(url)) {
    const origin = new URL(url).origin;
    throw new InputError(
      'spec-out-of-scope',
      `--spec ${url} is outside the scan's scope; add --scope ${origin}`,
    );
  }
  const exchange = await engine.send(
    {
      method: 'GET',
      url,
      headers: [['Accept', 'application/json, application/yaml, */*']],
      body: Buffer.alloc(0),
    },
    { label: 'spec document', signature: 'none', followRedirects: true },
  );
  const status = exchange.response?.status;
  if (!exchange.response || status === undefined || status >= 300) {
    const problem = exchange.error?.message ?? `HTTP ${status}`;
    throw new TargetError('spec-fetch', `cannot fetch --spec ${url}: ${problem}`);
  }
  if (exchange.response.truncated) {
    throw new InputError(
      'spec-too-large',
      `--spec ${url} is larger than --max-response-bytes; raise it or give a file`,
    );
  }
  return exchange.response.body.toString('utf8');
}

async function undocumentedRoutes(
  plan: SpecPlan,
  options: ScanOptions,
  engine: HttpEngine,
): Promise<Endpoint[]> {
  const filtered = Boolean(options.operations?.length || options.tags?.length);
  if (options.webhookProbe === false || filtered) return [];
  return discoverWebhookRoutes({
    engine,
    baseUrl: plan.baseUrl,
    documentedPaths: plan.documentedPaths,
    body: defaultBody(),
    location: { file: plan.doc.file, pointer: '/paths' },
  });
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
