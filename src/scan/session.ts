import { EventEmitter } from 'node:events';
import type { CheckRegistry } from '../checks/registry.js';
import type {
  Check,
  CheckPhase,
  CheckTuning,
  FindingDraft,
  WeakSecretSettings,
} from '../checks/types.js';
import { PROFILES, UNSAFE_KINDS } from '../checks/types.js';
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
import { checkProfile, DEFAULT_TUNING } from './profiles.js';
import { assessBaseline } from './reachability.js';
import { TrafficGate } from './traffic-gate.js';
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
  weakSecrets?: WeakSecretSettings;
  /** Profile and sizes for the checks that measure or repeat; defaults in DEFAULT_TUNING. */
  tuning?: CheckTuning;
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
  /** What the endpoints are: operations of a spec, or URLs given one by one. */
  unit: 'endpoints' | 'operations';
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
  /** Spec operations left unprobed, by reason: one note per reason, not per operation. */
  readonly #notProbed = new Map<string, string[]>();
  /** Keeps other traffic out of flight while an exclusive check (timing) measures. */
  readonly #gate = new TrafficGate();
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
    // Longest first: signed operations run every L0 check in several rounds, so
    // starting them early keeps the engine's slots full until the end of the scan.
    const queue = [...this.config.endpoints].sort((a, b) => probeWeight(b) - probeWeight(a));
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

    for (const [reason, operations] of this.#notProbed) {
      const shown = operations.slice(0, 5).join(', ');
      const more = operations.length > 5 ? ` and ${operations.length - 5} more` : '';
      this.#notes.push(`Not probed (${reason}): ${shown}${more}.`);
    }
    const probed = this.config.endpoints.filter((endpoint) => !endpoint.spec?.notProbed).length;
    const allDown = probed > 0 && this.#unscanned.length === probed;
    return {
      findings: this.#findings.sort(compareFindings),
      notes: this.#notes,
      checkRuns: this.#runs,
      unscanned: this.#unscanned,
      unreachable: allDown
        ? this.#unscanned.map((u) => `${u.endpoint}: ${u.reason}`).join('; ')
        : undefined,
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
    const shared = await this.#gate.shared(async () => this.#sharedPhases(requested, oracle));
    if (!shared) return;
    const { endpoint, state, baseline, key, drafts } = shared;

    // Exclusive checks (timing, bursts) run alone; bursts last, so a lockout they
    // trigger cannot disturb a measurement.
    const exclusive = this.#inPhase(this.#selectChecks(key, endpoint), 'exclusive').sort(
      (a, b) => Number(a.meta.sends.includes('burst')) - Number(b.meta.sends.includes('burst')),
    );
    for (const check of exclusive) {
      // A check that will skip needs no quiet: taking the gate would only stall the
      // other endpoints' workers.
      const skips = check.skip?.(state.contextFor(check.meta.id)) !== undefined;
      const run = async () => this.#runCheck(check, state, key);
      drafts.push(await (skips ? run() : this.#gate.exclusive(run)));
    }

    // Notes on judging signatures matter only where a signature is judged; a spec
    // operation secured otherwise answering alike is what its own check reports on.
    if (!endpoint.spec || endpoint.spec.security === 'signed') {
      const judge = await state.judge();
      const level = this.config.secret ? 'L2' : endpoint.sample ? 'L1' : 'L0';
      const notes = endpointNotes(
        baseline,
        judge,
        state.exchanges,
        oracle?.stable ?? false,
        level,
      );
      for (const note of [...notes, ...state.notes]) {
        this.#notes.push(`${key}: ${note}`);
      }
    }
    await this.#collect(endpoint, drafts, key);
  }

  /**
   * References (following the endpoint's own redirects), then the active checks,
   * then the passive ones, which read what the active ones sent. Undefined when the
   * endpoint cannot be scanned or is not probed at all.
   */
  async #sharedPhases(requested: Endpoint, oracle: Oracle | undefined) {
    let endpoint = requested;
    let state = this.#stateFor(endpoint, oracle);
    if (endpoint.spec?.notProbed) {
      // Nothing is sent; only checks that read the spec alone run.
      const reason = endpoint.spec.notProbed;
      const listed = this.#notProbed.get(reason) ?? [];
      this.#notProbed.set(reason, [...listed, endpoint.operation ?? endpointKey(endpoint)]);
      const key = endpointKey(endpoint);
      const readOnly = this.#selectChecks(key, endpoint).filter(
        (check) => check.meta.sends.length === 0,
      );
      await this.#collect(endpoint, await this.#runInPhases(readOnly, state, key), key);
      return undefined;
    }
    let baseline = await state.baseline();

    // Follow the endpoint's own redirects (a trailing slash, say) within the scope.
    for (let hop = 0; ; hop += 1) {
      const assessment = assessBaseline(baseline, endpoint, this.engine.scope);
      if (assessment.kind === 'scannable') break;
      if (assessment.kind === 'unscannable' || hop === 3) {
        const reason =
          assessment.kind === 'unscannable' ? assessment.reason : 'too many redirects';
        this.#unscanned.push({ endpoint: endpointKey(requested), reason });
        this.#notes.push(`${endpointKey(requested)}: ${reason}`);
        return undefined;
      }
      this.#notes.push(`${endpointKey(endpoint)}: ${assessment.note}`);
      endpoint = { ...endpoint, url: assessment.url };
      state = this.#stateFor(endpoint, oracle);
      baseline = await state.baseline();
    }
    const key = endpointKey(endpoint);

    // An undocumented route that answers everything alike shows no signature check
    // to probe: only whether it acts on unsigned requests is asked.
    const missingAuthOnly = (check: Check) =>
      check.meta.level === 'spec' || check.meta.id === 'unauthenticated-operation';
    const checks = this.#selectChecks(key, endpoint);
    const asked =
      endpoint.spec?.undocumented && baseline.uniform ? checks.filter(missingAuthOnly) : checks;
    const drafts = [
      ...(await this.#runInPhases(this.#inPhase(asked, 'active'), state, key)),
      ...(await this.#runInPhases(this.#inPhase(asked, 'passive'), state, key)),
    ];
    return { endpoint, state, baseline, key, drafts };
  }

  #inPhase(checks: Check[], phase: CheckPhase): Check[] {
    return checks.filter((check) => (check.meta.phase ?? 'active') === phase);
  }

  async #collect(
    endpoint: Endpoint,
    drafts: Array<[Check, FindingDraft[]]>,
    key: string,
  ): Promise<void> {
    const schemeId = (endpoint.scheme ?? this.config.scheme).id;
    const found = new Map<string, Finding>();
    for (const [check, list] of drafts) {
      for (const draft of list) {
        const finding = buildFinding(check.meta, draft, endpoint, schemeId, this.redactor);
        if (!found.has(check.meta.id)) found.set(check.meta.id, finding);
      }
    }

    for (const [id, finding] of found) {
      const cover = this.registry.get(id)?.meta.subsumedBy?.find((other) => found.has(other));
      if (cover) {
        this.#runs.push({
          checkId: id,
          endpoint: key,
          status: 'ran',
          reason: `explained by ${cover}`,
          explainedBy: cover,
        });
        continue;
      }
      this.#findings.push(finding);
      this.emit('finding', finding);
    }
  }

  #stateFor(endpoint: Endpoint, oracle: Oracle | undefined): EndpointState {
    const spec = endpoint.spec;
    return new EndpointState(endpoint, {
      engine: this.engine,
      scheme: endpoint.scheme ?? this.config.scheme,
      // The secret signs only where a signature is expected: never a bearer operation.
      secret: !spec || spec.security === 'signed' ? this.config.secret : undefined,
      safe: this.config.safe,
      // A spec operation is declared signed by the spec alone, whatever --scheme says.
      signingDeclared: spec
        ? Boolean(endpoint.signingEvidence)
        : this.config.schemeSource !== 'default' || Boolean(endpoint.signingEvidence),
      oracle,
      redactor: this.redactor,
      weakSecrets: this.config.weakSecrets,
      tuning: this.config.tuning ?? DEFAULT_TUNING,
    });
  }

  /**
   * Runs each check after the checks that would explain its finding (`subsumedBy`),
   * and not at all once one of them found something: on an endpoint that accepts
   * unsigned requests, the malformed-signature and other-method probes would only
   * produce findings that are dropped anyway.
   */
  async #runInPhases(
    checks: Check[],
    state: EndpointState,
    key: string,
  ): Promise<Array<[Check, FindingDraft[]]>> {
    const results = new Map<string, FindingDraft[]>();
    // A check skipped because another explains it counts as found for its own dependents.
    const explained = new Set<string>();
    const done: Array<[Check, FindingDraft[]]> = [];
    let pending = [...checks];

    while (pending.length > 0) {
      const waiting = new Set(pending.map((check) => check.meta.id));
      const blocked = (check: Check) =>
        (check.meta.subsumedBy ?? []).some((id) => waiting.has(id));
      const ready = pending.filter((check) => !blocked(check));
      const batch = ready.length > 0 ? ready : pending;
      pending = pending.filter((check) => !batch.includes(check));

      await Promise.all(
        batch.map(async (check) => {
          const found = (id: string) => explained.has(id) || (results.get(id)?.length ?? 0) > 0;
          const cover = check.meta.subsumedBy?.find(found);
          if (cover) {
            explained.add(check.meta.id);
            const reason = `explained by ${cover}`;
            this.#runs.push({
              checkId: check.meta.id,
              endpoint: key,
              status: 'skipped',
              reason,
            });
            results.set(check.meta.id, []);
            return;
          }
          const outcome = await this.#runCheck(check, state, key);
          results.set(check.meta.id, outcome[1]);
          done.push(outcome);
        }),
      );
    }
    return done;
  }

  #selectChecks(key: string, endpoint: Endpoint): Check[] {
    const selected: Check[] = [];
    // Signature checks only make sense where a signature is expected: on spec
    // operations secured by other means (or not at all), spec-level checks and the
    // missing-authentication check run, nothing else.
    const spec = endpoint.spec;
    const signatureChecks = !spec || spec.security === 'signed' || Boolean(spec.undocumented);
    const profile = PROFILES.indexOf((this.config.tuning ?? DEFAULT_TUNING).profile);
    for (const check of this.registry.all()) {
      const { id, sends, level } = check.meta;
      if (this.config.only && !this.config.only.includes(id)) continue;
      if (!signatureChecks && level !== 'spec' && id !== 'unauthenticated-operation') continue;
      // A check named in --checks runs whatever the profile; otherwise the profile decides.
      if (!this.config.only && PROFILES.indexOf(checkProfile(check.meta)) > profile) {
        this.#runs.push({
          checkId: id,
          endpoint: key,
          status: 'skipped',
          reason: 'not in this profile',
        });
        continue;
      }
      const unsafeOnly = sends.length > 0 && sends.every((kind) => UNSAFE_KINDS.includes(kind));
      if (this.config.safe && unsafeOnly) {
        this.#runs.push({ checkId: id, endpoint: key, status: 'skipped', reason: '--safe' });
        continue;
      }
      selected.push(check);
    }
    return selected;
  }

  async #runCheck(
    check: Check,
    state: EndpointState,
    key: string,
  ): Promise<[Check, FindingDraft[]]> {
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
      this.#runs.push({
        checkId: check.meta.id,
        endpoint: key,
        status: 'failed',
        reason: message,
      });
      this.#notes.push(`${key}: check ${check.meta.id} did not finish: ${message}`);
      return [check, []];
    }
  }

  progress(): ProgressEvent {
    return {
      unit: this.config.endpoints.some((endpoint) => endpoint.spec)
        ? 'operations'
        : 'endpoints',
      endpointsDone: this.#done,
      endpointsTotal: this.config.endpoints.length,
      requests: this.engine.requestsSent,
      findings: this.#findings.length,
    };
  }
}

function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank(b.severity) - severityRank(a.severity) ||
    a.id.localeCompare(b.id) ||
    a.url.localeCompare(b.url)
  );
}

function probeWeight(endpoint: Endpoint): number {
  if (!endpoint.spec) return 2;
  if (endpoint.spec.notProbed) return 0;
  return endpoint.spec.security === 'signed' || endpoint.spec.undocumented ? 2 : 1;
}
