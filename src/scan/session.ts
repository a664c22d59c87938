import { EventEmitter } from 'node:events';
import type { CheckRegistry } from '../checks/registry.js';
import type { Check, FindingDraft } from '../checks/types.js';
import { UNSAFE_KINDS } from '../checks/types.js';
import type { HttpEngine } from '../http/engine.js';
import type { Finding } from '../model/finding.js';
import type { HttpRequest } from '../model/http.js';
import { severityRank } from '../model/severity.js';
import { buildFinding } from '../report/finding-builder.js';
import type { Redactor } from '../report/redact.js';
import type { SignatureScheme } from '../schemes/types.js';
import { EndpointState } from './endpoint-state.js';
import { Oracle } from './oracle.js';
import { endpointNotes } from './endpoint-notes.js';
import { assessBaseline } from './reachability.js';
import { endpointKey } from './target.js';
import type { Endpoint } from './target.js';

export type SchemeSource = 'named' | 'default' | 'sample' | 'spec';

export interface ScanConfig {
  endpoints: Endpoint[];
  scheme: SignatureScheme;
  schemeSource: SchemeSource;
  secret?: Buffer;
  safe: boolean;
  /** Run only these check ids. */
  only?: string[];
  oracle?: HttpRequest;
  /** How many endpoints are scanned at once (their requests share the engine's limits). */
  endpointConcurrency?: number;
}

export interface CheckRun {
  checkId: string;
  endpoint: string;
  status: 'ran' | 'skipped' | 'failed';
  reason?: string;
  /** The check whose finding on this endpoint also explains this check's finding. */
  explainedBy?: string;
}

export interface ScanOutcome {
  findings: Finding[];
  notes: string[];
  checkRuns: CheckRun[];
  /** Endpoints that could not be scanned (refused, 404, off-scope redirect), and why. */
  unscanned: Array<{ endpoint: string; reason: string }>;
  /** Set when no endpoint could be reached at all. */
  unreachable?: string;
}

export interface ProgressEvent {
  endpointsDone: number;
  endpointsTotal: number;
  requests: number;
  findings: number;
}

/**
 * Runs every applicable check on every endpoint, shares references per endpoint,
 * drops findings another finding on the same endpoint already explains, and reports
 * progress as events (it never prints).
 */
export class ScanSession extends EventEmitter {
  readonly #findings: Finding[] = [];
  readonly #notes: string[] = [];
  readonly #runs: CheckRun[] = [];
  readonly #unscanned: Array<{ endpoint: string; reason: string }> = [];
  #done = 0;

  constructor(
    private readonly config: ScanConfig,
    private readonly engine: HttpEngine,
    private readonly registry: CheckRegistry,
    private readonly redactor: Redactor,
  ) {
    super();
  }

  async run(): Promise<ScanOutcome> {
    if (this.config.secret) this.redactor.addSecret(this.config.secret);
    const oracle = await this.#prepareOracle();
    const queue = [...this.config.endpoints];
    const workers = Math.max(1, Math.min(this.config.endpointConcurrency ?? 2, queue.length));

    await Promise.all(
      Array.from({ length: workers }, async () => {
        for (let endpoint = queue.shift(); endpoint; endpoint = queue.shift()) {
          await this.#scanEndpoint(endpoint, oracle);
          this.#done += 1;
          this.emit('progress', this.progress());
        }
      }),
    );

    const allDown = this.#unscanned.length === this.config.endpoints.length;
    return {
      findings: this.#findings.sort(compareFindings),
      notes: this.#notes,
      checkRuns: this.#runs,
      unscanned: this.#unscanned,
      unreachable: allDown ? this.#unscanned.map((u) => `${u.endpoint}: ${u.reason}`).join('; ') : undefined,
    };
  }

  async #prepareOracle(): Promise<Oracle | undefined> {
    if (!this.config.oracle) return undefined;
    const oracle = new Oracle(this.engine, this.config.oracle);
    const problem = await oracle.calibrate();
    if (problem) this.#notes.push(`Oracle not used: ${problem}.`);
    return oracle;
  }

  async #scanEndpoint(requested: Endpoint, oracle: Oracle | undefined): Promise<void> {
    let endpoint = requested;
    let state = this.#stateFor(endpoint, oracle);
    let baseline = await state.baseline();

    // Follow the endpoint's own redirects (a trailing slash, say) within the scope.
    for (let hop = 0; ; hop += 1) {
      const assessment = assessBaseline(baseline, endpoint, this.engine.scope);
      if (assessment.kind === 'scannable') break;
      if (assessment.kind === 'unscannable' || hop === 3) {
        const reason = assessment.kind === 'unscannable' ? assessment.reason : 'too many redirects';
        this.#unscanned.push({ endpoint: endpointKey(requested), reason });
        this.#notes.push(`${endpointKey(requested)}: ${reason}`);
        return;
      }
      this.#notes.push(`${endpointKey(endpoint)}: ${assessment.note}`);
      endpoint = { ...endpoint, url: assessment.url };
      state = this.#stateFor(endpoint, oracle);
      baseline = await state.baseline();
    }
    const key = endpointKey(endpoint);

    const drafts = await Promise.all(
      this.#selectChecks(key).map(async (check) => this.#runCheck(check, state, key)),
    );
    const judge = await state.judge();
    for (const note of endpointNotes(baseline, judge, state.exchanges, oracle?.stable ?? false)) {
      this.#notes.push(`${key}: ${note}`);
    }
    const found = new Map<string, Finding>();
    for (const [check, list] of drafts) {
      for (const draft of list) {
        const finding = buildFinding(check.meta, draft, endpoint, this.config.scheme.id, this.redactor);
        if (!found.has(check.meta.id)) found.set(check.meta.id, finding);
      }
    }

    for (const [id, finding] of found) {
      const cover = this.registry.get(id)?.meta.subsumedBy?.find((other) => found.has(other));
      if (cover) {
        this.#runs.push({ checkId: id, endpoint: key, status: 'ran', reason: `explained by ${cover}`, explainedBy: cover });
        continue;
      }
      this.#findings.push(finding);
      this.emit('finding', finding);
    }
  }

  #stateFor(endpoint: Endpoint, oracle: Oracle | undefined): EndpointState {
    return new EndpointState(endpoint, {
      engine: this.engine,
      scheme: this.config.scheme,
      secret: this.config.secret,
      safe: this.config.safe,
      signingDeclared: this.config.schemeSource !== 'default' || Boolean(endpoint.signingEvidence),
      oracle,
      redactor: this.redactor,
    });
  }

  #selectChecks(key: string): Check[] {
    const selected: Check[] = [];
    for (const check of this.registry.all()) {
      const { id, sends } = check.meta;
      if (this.config.only && !this.config.only.includes(id)) continue;
      if (this.config.safe && sends.every((kind) => UNSAFE_KINDS.includes(kind))) {
        this.#runs.push({ checkId: id, endpoint: key, status: 'skipped', reason: '--safe' });
        continue;
      }
      selected.push(check);
    }
    return selected;
  }

  async #runCheck(check: Check, state: EndpointState, key: string): Promise<[Check, FindingDraft[]]> {
    const context = state.contextFor(check.meta.id);
    const reason = check.skip?.(context);
    if (reason) {
      this.#runs.push({ checkId: check.meta.id, endpoint: key, status: 'skipped', reason });
      return [check, []];
    }
    try {
      const drafts = await check.run(context);
      this.#runs.push({ checkId: check.meta.id, endpoint: key, status: 'ran' });
      return [check, drafts];
    } catch (error) {
      // One check's failure (a budget spent, a bug) must not lose the others' results.
      const message = error instanceof Error ? error.message : String(error);
      this.#runs.push({ checkId: check.meta.id, endpoint: key, status: 'failed', reason: message });
      this.#notes.push(`${key}: check ${check.meta.id} did not finish: ${message}`);
      return [check, []];
    }
  }

  progress(): ProgressEvent {
    return {
      endpointsDone: this.#done,
      endpointsTotal: this.config.endpoints.length,
      requests: this.engine.requestsSent,
      findings: this.#findings.length,
    };
  }
}

function compareFindings(a: Finding, b: Finding): number {
  return severityRank(b.severity) - severityRank(a.severity) || a.id.localeCompare(b.id) || a.url.localeCompare(b.url);
}
