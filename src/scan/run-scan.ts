import { randomUUID } from 'node:crypto';
import { defaultRegistry } from '../checks/index.js';
import type { Check } from '../checks/types.js';
import { HttpEngine } from '../http/engine.js';
import { Scope, normaliseOrigin } from '../http/scope.js';
import { InputError, TargetError } from '../model/errors.js';
import type { Finding } from '../model/finding.js';
import type { HttpRequest } from '../model/http.js';
import { getHeader } from '../model/http.js';
import { Redactor } from '../report/redact.js';
import { summarise, SCHEMA_VERSION } from '../report/result.js';
import type { ScanResult } from '../report/result.js';
import { detectScheme } from '../schemes/detect.js';
import { scoreFindings } from '../report/score.js';
import { batchOf } from '../schemes/batch.js';
import { createScheme, schemeIds } from '../schemes/registry.js';
import type { SchemeOverrides, SignatureScheme } from '../schemes/types.js';
import { VERSION } from '../version.js';
import { EndpointState } from './endpoint-state.js';
import { resolveTuning } from './profiles.js';
import type { TuningFlags } from './profiles.js';
import { ScanSession } from './session.js';
import type { ProgressEvent, SchemeSource } from './session.js';
import type { Endpoint } from './target.js';
import { planSpecScan } from './spec-plan.js';
import type { SpecPlan, SpecPlanOptions } from './spec-plan.js';
import { discoverWebhookRoutes } from './webhook-discovery.js';
import { unusedSchemeFindings } from './spec-findings.js';

export interface ScanOptions {
  urls: string[];
  /** A captured, validly signed request (L1); the endpoint and scheme come from it. */
  sample?: { request: HttpRequest; source: string };
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
  /** default-secret-accepted: requests signed with bundled secrets (default 20). */
  defaultSecretRequests?: number;
  /** weak-secret-crackable: a wordlist tried after the bundled list. */
  wordlist?: string;
  /** weak-secret-crackable: time budget in milliseconds (default 30 s). */
  crackTimeMs?: number;
  /** --profile, --timing, --timing-budget, --burst (unset ones come from the profile). */
  tuning?: TuningFlags;
}

export interface ScanHooks {
  /** Called once before any request, with the checks that will resend signed requests. */
  onStart?(plan: ScanPlan): void;
  onProgress?(event: ProgressEvent): void;
  onFinding?(finding: Finding): void;
}

export interface ScanPlan {
  /** Checks (and the valid reference) that send validly signed requests; empty with --safe. */
  resendsSigned: string[];
  statement?: string;
}

export interface ScanRun {
  result: ScanResult;
  redactor: Redactor;
}

/** The whole scan as a library call: validate, build the target model, run, assemble. */
export async function runScan(options: ScanOptions, hooks: ScanHooks = {}): Promise<ScanRun> {
  if (options.spec && options.urls.length !== 1) {
    throw new InputError(
      'spec-target',
      'with --spec, give exactly one target URL (the API base)',
    );
  }
  const redactor = new Redactor();
  const scheme = buildScheme(options);
  checkSecretFits(scheme.scheme, options.secret);
  const given = options.sample
    ? [sampleEndpoint(options.sample, options.urls, scheme.scheme)]
    : uniqueEndpoints(
        options.urls.map((url) => toEndpoint(url, options, redactor, scheme.scheme)),
      );
  if (given.length === 0)
    throw new InputError(
      'no-target',
      'give a URL to scan, or --sample with a captured request',
    );
  const scope = new Scope(
    [...given.map((e) => e.url), ...(options.scope ?? [])].map(checkedOrigin),
  );
  const oracle = options.oracle ? parseOracle(options.oracle, scope) : undefined;
  const registry = defaultRegistry();
  for (const id of options.only ?? []) {
    if (!registry.get(id))
      throw new InputError(
        'unknown-check',
        `unknown check "${id}"; run "sigprobe checks" to list them`,
      );
  }

  const engine = new HttpEngine({
    scope,
    concurrency: options.concurrency,
    rate: options.rate,
    timeoutMs: options.timeoutMs,
    maxResponseBytes: options.maxResponseBytes,
    maxRequests: options.maxRequests ?? 5000,
  });
  if (options.sample) {
    for (const value of scheme.scheme.signaturesOf(options.sample.request))
      redactor.addSignature(value);
  }
  // A state that sends nothing until asked: it lets each check's skip() say whether it applies.
  const probeState = new EndpointState(given[0]!, {
    engine,
    scheme: scheme.scheme,
    secret: options.secret,
    safe: options.safe,
    signingDeclared: true,
    redactor,
    tuning: scanTuning(options),
  });
  const resendPlan = planFor(
    registry,
    options,
    scheme.scheme,
    (check) => !check.skip?.(probeState.contextFor(check.meta.id)),
  );
  hooks.onStart?.(resendPlan);
  let plan: SpecPlan | undefined;
  let endpoints: Endpoint[];
  try {
    // With a spec, the one URL given is the API base; credentials in it are not sent.
    plan = options.spec
      ? await planSpecScan(specPlanOptions(options, engine, given[0]!.url))
      : undefined;
    endpoints = plan
      ? [...plan.endpoints, ...(await undocumentedRoutes(plan, options, engine))]
      : given;
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
      weakSecrets: {
        onlineLimit: options.defaultSecretRequests ?? 20,
        wordlist: options.wordlist,
        crackTimeMs: options.crackTimeMs ?? 30_000,
        overrides: options.schemeOverrides ?? {},
      },
      tuning: scanTuning(options),
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
      level: options.secret ? 'L2' : options.sample ? 'L1' : plan ? 'spec' : 'L0',
      safe: options.safe,
      startedAt: startedAt.toISOString(),
      durationMs: Math.round(performance.now() - started),
      requestsSent: engine.requestsSent,
      summary: summarise(findings),
      score: scoreFindings(findings, outcome.checkRuns),
      findings,
      notes: [
        ...scheme.notes,
        ...(resendPlan.statement ? [resendPlan.statement] : []),
        ...outcome.notes,
      ],
      checks: outcome.checkRuns,
      unscanned: outcome.unscanned,
    };
    return { result, redactor };
  } finally {
    await engine.close();
  }
}

/** Timing is off under --safe unless asked for by name (--timing). */
function scanTuning(options: ScanOptions) {
  const flags = options.tuning ?? {};
  const tuning = resolveTuning(flags);
  if (options.safe && flags.timing === undefined) tuning.timing = false;
  return tuning;
}

function specPlanOptions(
  options: ScanOptions,
  engine: HttpEngine,
  target: string,
): SpecPlanOptions {
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

function buildScheme(options: ScanOptions): {
  scheme: SignatureScheme;
  source: SchemeSource;
  notes: string[];
} {
  const overrides = { ...(options.schemeOverrides ?? {}) };
  const sample = options.sample?.request;
  if (options.scheme !== undefined && !schemeIds().includes(options.scheme)) {
    throw new InputError(
      'unknown-scheme',
      `unknown scheme "${options.scheme}"; known: ${schemeIds().join(', ')}`,
    );
  }
  if (sample && options.scheme === undefined) {
    const detection = detectScheme(sample, options.secret, overrides);
    if (!detection) {
      throw new InputError(
        'sample-scheme',
        `${options.sample!.source}: no known signature scheme found in the request; name it with --scheme (and --header)`,
      );
    }
    return {
      scheme: detection.scheme,
      source: 'sample',
      notes: sampleNotes(detection.scheme, options, detection.candidates),
    };
  }
  const id = options.scheme ?? 'plain';
  const named = options.scheme !== undefined || overrides.signatureHeader !== undefined;
  const scheme = createScheme(id, {
    ...overrides,
    credential: overrides.credential ?? (sample && sampleCredential(sample)),
  });
  if (sample && !scheme.detect(sample)) {
    throw new InputError(
      'sample-scheme',
      `${options.sample!.source}: the request carries no ${scheme.id} signature (${scheme.signatureHeader}); check --scheme and --header`,
    );
  }
  return {
    scheme,
    source: sample && !named ? 'sample' : named ? 'named' : 'default',
    notes: sample ? sampleNotes(scheme, options, [scheme.id]) : [],
  };
}

function sampleNotes(
  scheme: SignatureScheme,
  options: ScanOptions,
  candidates: string[],
): string[] {
  const notes = [
    `Scheme ${scheme.id} recognised in the sample ${options.sample!.source}` +
      (candidates.length > 1
        ? ` (also matched: ${candidates.filter((c) => c !== scheme.id).join(', ')})`
        : '') +
      '.',
  ];
  if (options.secret) {
    notes.push(
      scheme.verify(options.sample!.request, options.secret)
        ? "The sample's signature verifies with the given secret."
        : 'The sample\'s signature does NOT verify with the given secret; run "sigprobe verify" to see which integration mistake explains it.',
    );
  }
  return notes;
}

/** SigV4 signs with the sample's own credential scope when sigprobe signs afresh. */
function sampleCredential(sample: HttpRequest): string | undefined {
  const match = /Credential=([^/,\s]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(
    getHeader(sample.headers, 'authorization') ?? '',
  );
  return match ? `${match[1]}/${match[2]}/${match[3]}` : undefined;
}

/**
 * The endpoint a sample describes. A URL given next to the sample replaces its origin
 * (to aim a production capture at a local copy); path and query stay the sample's.
 */
function sampleEndpoint(
  sample: { request: HttpRequest; source: string },
  urls: string[],
  scheme: SignatureScheme,
): Endpoint {
  if (urls.length > 1)
    throw new InputError(
      'sample-urls',
      "with --sample, give at most one URL (its origin replaces the sample's)",
    );
  let request = sample.request;
  if (urls[0]) {
    const origin = checkedOrigin(urls[0]);
    const url = new URL(request.url);
    request = { ...request, url: origin + url.pathname + url.search };
  }
  checkedOrigin(request.url);
  const stripped = scheme.strip(request);
  return {
    method: request.method,
    url: request.url,
    headers: stripped.headers,
    body: stripped.body,
    signingEvidence: `a validly signed sample was given (${sample.source})`,
    sample: request,
  };
}

/** What will resend validly signed requests, said before the scan starts. */
function planFor(
  registry: ReturnType<typeof defaultRegistry>,
  options: ScanOptions,
  scheme: SignatureScheme,
  applies: (check: Check) => boolean,
): ScanPlan {
  if (options.safe || (!options.secret && !options.sample)) return { resendsSigned: [] };
  const resending = registry
    .all()
    .filter((check) => !options.only || options.only.includes(check.meta.id))
    .filter((check) =>
      check.meta.sends.some((kind) => kind === 'signed' || kind === 'resend-signed'),
    )
    .filter(applies)
    .map((check) => check.meta.id);
  const reference = options.secret
    ? 'a freshly signed reference request'
    : 'the captured sample itself (resent as the accepted reference)';
  const statement =
    `These send validly signed ${scheme.id} requests, which a receiver may act on like real deliveries: ` +
    `${[reference, ...resending].join(', ')}. Use --safe to skip them.`;
  return { resendsSigned: resending, statement };
}

// RFC 9110 token: what a method or a header name may contain.
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function toEndpoint(
  raw: string,
  options: ScanOptions,
  redactor: Redactor,
  scheme: SignatureScheme,
): Endpoint {
  checkedOrigin(raw);
  const method = options.method.toUpperCase();
  if (!TOKEN.test(method))
    throw new InputError('bad-method', `--method "${options.method}" is not an HTTP method`);
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

  const body = options.body ?? scheme.exampleBody?.() ?? defaultBody();
  const batch = batchOf(scheme);
  if (batch && !batch.items({ method, url: raw, headers: [], body })) {
    throw new InputError(
      'bad-body',
      `the body is not a batch for the ${scheme.id} scheme (no items in ${batch.itemsAt}); ` +
        'give a captured one with --body-file or --sample, or no body',
    );
  }
  if (body.length) headers.unshift(['Content-Type', options.contentType ?? 'application/json']);
  return { method, url: url.toString(), headers, body };
}

/**
 * A secret the scheme cannot turn into a key (an Adyen key that is not hex) would only
 * show up as a rejected reference; say so before any request.
 */
function checkSecretFits(scheme: SignatureScheme, secret: Buffer | undefined): void {
  const batch = batchOf(scheme);
  if (!secret || !batch || batch.item.keyFor(secret) !== undefined) return;
  throw new InputError(
    'bad-secret',
    `the secret is not a key for the ${scheme.id} scheme: it must be ${batch.keyFormat}`,
  );
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
    throw new InputError(
      'oracle-out-of-scope',
      `the oracle ${url} is outside the scan's scope; add --scope ${new URL(url).origin}`,
    );
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
