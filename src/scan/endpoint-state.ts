import { randomUUID } from 'node:crypto';
import { isSuccess, sameAnswer } from '../analysis/fingerprint.js';
import { Judge } from '../analysis/judge.js';
import type { Verdict } from '../analysis/judge.js';
import type { HttpEngine } from '../http/engine.js';
import type { Exchange, HttpRequest, SignatureKind } from '../model/http.js';
import { getHeader } from '../model/http.js';
import type { Redactor } from '../report/redact.js';
import { forgerySecret } from '../schemes/body-header.js';
import type { AlternateSignature, SignatureScheme } from '../schemes/types.js';
import { collectBaseline, rejectionReference } from '../checks/support/baseline.js';
import type { Baseline } from '../checks/support/baseline.js';
import { withFreshIds } from '../checks/support/fresh.js';
import type { CheckContext, CheckTuning, WeakSecretSettings } from '../checks/types.js';
import type { Oracle } from './oracle.js';
import { endpointRequest } from './target.js';
import type { Endpoint } from './target.js';

export interface EndpointStateOptions {
  engine: HttpEngine;
  scheme: SignatureScheme;
  secret?: Buffer;
  safe: boolean;
  signingDeclared: boolean;
  oracle?: Oracle;
  redactor: Redactor;
  /** Defaults: 20 online requests, a 30 s crack, no wordlist. */
  weakSecrets?: WeakSecretSettings;
  tuning: CheckTuning;
}

const DEFAULT_WEAK_SECRETS: WeakSecretSettings = {
  onlineLimit: 20,
  crackTimeMs: 30_000,
  overrides: {},
};

/**
 * Everything the checks of one endpoint share: the references (sent once), the judge
 * built from them, and the way probes are sent and signed.
 */
export class EndpointState {
  #baseline?: Promise<Baseline>;
  #judge?: Promise<Judge>;
  /** Every exchange sent for this endpoint (oracle reads excluded), for notes and passes. */
  readonly exchanges: Exchange[] = [];
  /** Notes the checks left, in the order they came. */
  readonly notes: string[] = [];

  constructor(
    readonly endpoint: Endpoint,
    readonly options: EndpointStateOptions,
  ) {}

  baseline(): Promise<Baseline> {
    this.#baseline ??= collectBaseline({
      send: (label, request, kind) => this.send(label, request, kind, undefined),
      forged: (request) => this.forged(request),
      unsigned: () => this.options.scheme.strip(endpointRequest(this.endpoint)),
      valid: this.options.safe ? undefined : this.#validReference(),
      validLabel: this.options.secret
        ? 'reference: valid signature'
        : 'reference: captured sample resent as-is',
    });
    return this.#baseline;
  }

  /** L2 signs a fresh request; L1 resends the captured sample; L0 has none. */
  #validReference(): (() => HttpRequest) | undefined {
    if (this.options.secret) return () => this.signed(this.fresh());
    const sample = this.endpoint.sample;
    if (sample) return () => sample;
    return undefined;
  }

  /** Built once per endpoint, so what it counted (deferred 202s) reaches the notes. */
  judge(): Promise<Judge> {
    this.#judge ??= this.baseline().then(
      async (baseline) =>
        new Judge({
          rejected: rejectionReference(baseline),
          accepted: await this.acceptedReference(),
          oracle: this.options.oracle?.stable ?? false,
        }),
    );
    return this.#judge;
  }

  /**
   * The valid reference counts only when it was accepted: a correct receiver rejects a
   * replayed sample or one whose timestamp expired, and treating that answer as
   * "accepted" would turn every rejection into a false finding.
   */
  async acceptedReference(): Promise<Exchange | undefined> {
    const baseline = await this.baseline();
    const valid = baseline.valid;
    if (!valid?.response || !isSuccess(valid)) return undefined;
    const rejected = rejectionReference(baseline);
    if (rejected && sameAnswer(valid, rejected)) return undefined;
    return valid;
  }

  alternates(request: HttpRequest): AlternateSignature[] {
    const forms = this.options.scheme.alternates(request, this.options.secret);
    const known = new Set(request.headers.map(([, value]) => value));
    for (const form of forms) {
      for (const [, value] of form.request.headers)
        if (!known.has(value)) this.options.redactor.addSignature(value);
    }
    return forms;
  }

  fresh(): HttpRequest {
    const { scheme } = this.options;
    const request = scheme.strip(endpointRequest(this.endpoint));
    return scheme.freshen ? scheme.freshen(request) : withFreshIds(request);
  }

  forged(request: HttpRequest = endpointRequest(this.endpoint)): HttpRequest {
    const now = Math.floor(Date.now() / 1000);
    return this.options.scheme.sign(request, {
      secret: forgerySecret(),
      timestamp: now,
      id: randomUUID(),
    });
  }

  /** A request signed with the user's real secret; its signature is redacted everywhere. */
  signed(
    request: HttpRequest = endpointRequest(this.endpoint),
    options: { timestamp?: number; id?: string } = {},
  ): HttpRequest {
    const secret = this.options.secret;
    if (!secret) throw new Error('no secret was given');
    const now = Math.floor(Date.now() / 1000);
    const { scheme, redactor } = this.options;
    const signed = scheme.sign(request, {
      secret,
      timestamp: options.timestamp ?? now,
      id: options.id ?? randomUUID(),
    });
    const value = getHeader(signed.headers, scheme.signatureHeader);
    if (value) redactor.addSignature(value);
    for (const signature of scheme.signaturesOf(signed)) redactor.addSignature(signature);
    return signed;
  }

  /**
   * Signs with a guessed or recovered secret. Its signature is redacted (it may be a
   * valid one); the secret itself is not handed to the redactor, because guesses are
   * dictionary words ("secret", "development") that would blank ordinary report text.
   * Checks name such a secret by its length and list position only.
   */
  signWith(secret: Buffer, request: HttpRequest = endpointRequest(this.endpoint)): HttpRequest {
    const now = Math.floor(Date.now() / 1000);
    const signed = this.options.scheme.sign(request, {
      secret,
      timestamp: now,
      id: randomUUID(),
    });
    const value = getHeader(signed.headers, this.options.scheme.signatureHeader);
    if (value) this.options.redactor.addSignature(value);
    return signed;
  }

  send(
    label: string,
    request: HttpRequest,
    kind: SignatureKind,
    checkId: string | undefined,
  ): Promise<Exchange> {
    const { engine, oracle } = this.options;
    const sendOnce = async () => {
      const exchange = await engine.send(request, { label, checkId, signature: kind });
      this.exchanges.push(exchange);
      return exchange;
    };
    return oracle?.stable ? oracle.observe(sendOnce) : sendOnce();
  }

  #secretIn(text: string): { index: number; length: number; prefix: boolean } | undefined {
    const secret = this.options.secret;
    if (!secret || secret.length < 4) return undefined;
    for (const form of [
      secret.toString('utf8'),
      secret.toString('hex'),
      secret.toString('base64'),
    ]) {
      const whole = text.indexOf(form);
      if (whole >= 0) return { index: whole, length: form.length, prefix: false };
      // A long prefix narrows a guess as much as the secret's remaining length allows;
      // short prefixes ("whsec_", "sk_") are public conventions and do not count.
      const minimum = Math.max(8, Math.ceil(form.length / 2));
      for (let length = form.length - 1; length >= minimum; length -= 1) {
        const at = text.indexOf(form.slice(0, length));
        if (at >= 0) {
          this.options.redactor.addSignature(form.slice(0, length));
          return { index: at, length, prefix: true };
        }
      }
    }
    return undefined;
  }

  contextFor(checkId: string): CheckContext {
    const verdict = async (exchange: Exchange): Promise<Verdict> =>
      (await this.judge()).judge(exchange);
    const send = (label: string, request: HttpRequest, kind: SignatureKind) =>
      this.send(label, request, kind, checkId);

    return {
      endpoint: this.endpoint,
      scheme: this.options.scheme,
      safe: this.options.safe,
      signingDeclared: this.options.signingDeclared,
      hasSecret: this.options.secret !== undefined,
      weakSecrets: this.options.weakSecrets ?? DEFAULT_WEAK_SECRETS,
      baseline: () => this.baseline(),
      judge: () => this.judge(),
      verdict,
      unsigned: () => this.options.scheme.strip(endpointRequest(this.endpoint)),
      forged: (request) => this.forged(request),
      signWith: (secret, request) => this.signWith(secret, request),
      send,
      sample: this.endpoint.sample,
      sign: this.options.secret
        ? (request, options) => this.signed(request, options)
        : undefined,
      fresh: () => this.fresh(),
      acceptedReference: () => this.acceptedReference(),
      alternates: (request) => this.alternates(request),
      note: (text) => {
        if (!this.notes.includes(text)) this.notes.push(text);
      },
      confirm: async (exchange) => {
        const again = await send(
          `${exchange.label} (confirmation)`,
          exchange.request,
          exchange.signature,
        );
        return (await verdict(again)).outcome === 'accepted' ? again : undefined;
      },
      exchanges: () => [...this.exchanges].sort((a, b) => a.id - b.id),
      tuning: this.options.tuning,
      signed: (request) => this.signed(request),
      conceal: (value) => this.options.redactor.addSignature(value),
      secretIn: (text) => this.#secretIn(text),
      timingChannel: () => this.options.engine.timingChannel(this.endpoint.url),
    };
  }
}
