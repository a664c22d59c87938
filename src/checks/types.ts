import type { Judge, Verdict } from '../analysis/judge.js';
import type { Exchange, HttpRequest, SignatureKind } from '../model/http.js';
import type { Confidence, Severity } from '../model/severity.js';
import type { KnowledgeLevel } from '../model/finding.js';
import type { AlternateSignature, SchemeOverrides, SignatureScheme } from '../schemes/types.js';
import type { TimingChannel } from '../http/timing-channel.js';
import type { Endpoint } from '../scan/target.js';
import type { Baseline } from './support/baseline.js';

/**
 * What a check may send. `--safe` allows only kinds a correct receiver never acts on
 * (no valid signatures, no state-changing methods the user did not ask for).
 */
export type SendKind =
  /** Nothing on the wire: work done on a captured sample (offline cracking). */
  | 'offline'
  | 'unsigned'
  | 'forged'
  | 'malformed'
  | 'signed'
  | 'resend-signed'
  | 'other-methods'
  | 'burst';

export const UNSAFE_KINDS: readonly SendKind[] = [
  'signed',
  'resend-signed',
  'other-methods',
  'burst',
];

/**
 * When a check runs on its endpoint. `active` checks run together first; `passive`
 * ones run after them and read every exchange already sent to the endpoint;
 * `exclusive` ones (timing) run last, one at a time, with no other traffic in flight
 * anywhere in the scan, because concurrent requests would be measured as noise.
 */
export type CheckPhase = 'active' | 'passive' | 'exclusive';

/** Scan profiles, cheapest first; a check runs in its own profile and every later one. */
export const PROFILES = ['quick', 'standard', 'deep'] as const;
export type Profile = (typeof PROFILES)[number];

/** User settings that size the checks which measure or repeat (never read from env). */
export interface CheckTuning {
  profile: Profile;
  /** Run the timing check (set by --timing or the deep profile). */
  timing: boolean;
  /** Hard cap on requests the timing check sends per endpoint. */
  timingBudget: number;
  /** Wrong signatures sent in the throttling burst. */
  burst: number;
}

export interface CheckMeta {
  id: string;
  title: string;
  /** One sentence: what a finding of this check proves. */
  proves: string;
  severity: Severity;
  cwe: number[];
  owasp: string;
  level: KnowledgeLevel;
  remediation: string;
  sends: SendKind[];
  /**
   * Checks whose finding on the same endpoint already explains this one (an endpoint
   * that accepts unsigned requests also accepts wrong signatures): it is then dropped.
   */
  subsumedBy?: string[];
  /** Defaults to 'active'. */
  phase?: CheckPhase;
  /** The cheapest profile that runs the check; see checkProfile() for the default. */
  profile?: Profile;
}

export interface FindingDraft {
  message: string;
  basis: string;
  confidence: Confidence;
  severity?: Severity;
  severityNote?: string;
  probes: Exchange[];
  references?: Exchange[];
  details?: Record<string, unknown>;
}

/** Settings of the weak-secret checks (default-secret-accepted, weak-secret-crackable). */
export interface WeakSecretSettings {
  /** Requests default-secret-accepted may sign with the bundled list's first entries. */
  onlineLimit: number;
  /** The user's wordlist, tried after the bundled list. */
  wordlist?: string;
  /** Time budget of the offline crack. */
  crackTimeMs: number;
  /** The scheme's overrides, so crack workers can rebuild the same scheme. */
  overrides: SchemeOverrides;
}

export interface CheckContext {
  readonly endpoint: Endpoint;
  readonly scheme: SignatureScheme;
  readonly safe: boolean;
  /** True when the user, a sample, a secret or a spec says the endpoint is signed. */
  readonly signingDeclared: boolean;
  readonly hasSecret: boolean;
  readonly weakSecrets: WeakSecretSettings;
  baseline(): Promise<Baseline>;
  judge(): Promise<Judge>;
  verdict(exchange: Exchange): Promise<Verdict>;
  /** The endpoint's request as a legitimate sender would make it, with no signature. */
  unsigned(): HttpRequest;
  /** The endpoint's request with a well-formed but wrong signature. */
  forged(request?: HttpRequest): HttpRequest;
  /**
   * The request signed with a guessed or recovered secret; the signature is redacted
   * from reports. The check must never write the secret itself into a finding.
   */
  signWith(secret: Buffer, request?: HttpRequest): HttpRequest;
  /** Sends a probe on behalf of the running check (through scope, limits, oracle). */
  send(label: string, request: HttpRequest, kind: SignatureKind): Promise<Exchange>;
  /** Sends the same request again and says whether it is judged the same. */
  confirm(exchange: Exchange): Promise<Exchange | undefined>;
  /** The captured signed request (L1, `--sample`), exactly as captured; else undefined. */
  readonly sample?: HttpRequest;
  /**
   * Signs with the user's real secret (L2); the signature is registered for redaction.
   * Undefined without a secret.
   */
  readonly sign?: (
    request: HttpRequest,
    options?: { timestamp?: number; id?: string },
  ) => HttpRequest;
  /** The endpoint's request with fresh event ids, to be signed for a probe. */
  fresh(): HttpRequest;
  /**
   * The accepted reference: a freshly signed request (L2) or the sample resent (L1),
   * only when it was judged accepted. Undefined means no accepted reference exists.
   */
  acceptedReference(): Promise<Exchange | undefined>;
  /**
   * The scheme's alternate forms of a signed request, made with the real secret when
   * there is one (their new signatures are registered for redaction).
   */
  alternates(request: HttpRequest): AlternateSignature[];
  /** Adds a line to the report's notes (why a check could not decide, say). */
  note(text: string): void;
  /** Every exchange sent to this endpoint so far, by any check (for passive checks). */
  exchanges(): readonly Exchange[];
  readonly tuning: CheckTuning;
  /** The request signed with the user's secret (L2 only; throws without one). */
  signed(request?: HttpRequest): HttpRequest;
  /**
   * Where the user's secret (its text, hex or base64 form) or a long prefix of it
   * occurs in `text`; the check never sees the secret itself. Found text is concealed.
   */
  secretIn(text: string): { index: number; length: number; prefix: boolean } | undefined;
  /** Keeps a value derived from a real signature out of every output. */
  conceal(value: string): void;
  /** A dedicated one-connection client to the endpoint's origin, for timing only. */
  timingChannel(): TimingChannel;
}

export interface Check {
  meta: CheckMeta;
  /** Returns a reason when the check cannot run here (needs a secret, say). */
  skip?(context: CheckContext): string | undefined;
  run(context: CheckContext): Promise<FindingDraft[]>;
}
