import { randomUUID } from 'node:crypto';
import { Judge } from '../analysis/judge.js';
import type { Verdict } from '../analysis/judge.js';
import type { HttpEngine } from '../http/engine.js';
import type { Exchange, HttpRequest, SignatureKind } from '../model/http.js';
import { getHeader } from '../model/http.js';
import type { Redactor } from '../report/redact.js';
import { forgerySecret } from '../schemes/body-header.js';
import type { SignatureScheme } from '../schemes/types.js';
import { collectBaseline, rejectionReference } from '../checks/support/baseline.js';
import type { Baseline } from '../checks/support/baseline.js';
import type { CheckContext } from '../checks/types.js';
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
}

/**
 * Everything the checks of one endpoint share: the references (sent once), the judge
 * built from them, and the way probes are sent and signed.
 */
export class EndpointState {
  #baseline?: Promise<Baseline>;
  #judge?: Promise<Judge>;
  /** Every exchange sent for this endpoint (oracle reads excluded), for notes and passes. */
  readonly exchanges: Exchange[] = [];

  constructor(
    readonly endpoint: Endpoint,
    readonly options: EndpointStateOptions,
  ) {}

  baseline(): Promise<Baseline> {
    this.#baseline ??= collectBaseline({
      send: (label, request, kind) => this.send(label, request, kind, undefined),
      forged: (request) => this.forged(request),
      unsigned: () => this.options.scheme.strip(endpointRequest(this.endpoint)),
      valid: this.options.secret && !this.options.safe ? () => this.signed() : undefined,
    });
    return this.#baseline;
  }

  judge(): Promise<Judge> {
    this.#judge ??= this.baseline().then(
      (baseline) =>
        new Judge({
          rejected: rejectionReference(baseline),
          accepted: baseline.valid?.response ? baseline.valid : undefined,
          oracle: this.options.oracle?.stable ?? false,
        }),
    );
    return this.#judge;
  }

  forged(request: HttpRequest = endpointRequest(this.endpoint)): HttpRequest {
    const now = Math.floor(Date.now() / 1000);
    return this.options.scheme.sign(request, { secret: forgerySecret(), timestamp: now, id: randomUUID() });
  }

  /** A request signed with the user's real secret; its signature is redacted everywhere. */
  signed(request: HttpRequest = endpointRequest(this.endpoint)): HttpRequest {
    const secret = this.options.secret;
    if (!secret) throw new Error('no secret was given');
    const now = Math.floor(Date.now() / 1000);
    const signed = this.options.scheme.sign(request, { secret, timestamp: now, id: randomUUID() });
    const value = getHeader(signed.headers, this.options.scheme.signatureHeader);
    if (value) this.options.redactor.addSignature(value);
    return signed;
  }

  send(label: string, request: HttpRequest, kind: SignatureKind, checkId: string | undefined): Promise<Exchange> {
    const { engine, oracle } = this.options;
    const sendOnce = async () => {
      const exchange = await engine.send(request, { label, checkId, signature: kind });
      this.exchanges.push(exchange);
      return exchange;
    };
    return oracle?.stable ? oracle.observe(sendOnce) : sendOnce();
  }

  contextFor(checkId: string): CheckContext {
    const verdict = async (exchange: Exchange): Promise<Verdict> => (await this.judge()).judge(exchange);
    const send = (label: string, request: HttpRequest, kind: SignatureKind) =>
      this.send(label, request, kind, checkId);

    return {
      endpoint: this.endpoint,
      scheme: this.options.scheme,
      safe: this.options.safe,
      signingDeclared: this.options.signingDeclared,
      hasSecret: this.options.secret !== undefined,
      baseline: () => this.baseline(),
      judge: () => this.judge(),
      verdict,
      unsigned: () => this.options.scheme.strip(endpointRequest(this.endpoint)),
      forged: (request) => this.forged(request),
      send,
      confirm: async (exchange) => {
        const again = await send(`${exchange.label} (confirmation)`, exchange.request, exchange.signature);
        return (await verdict(again)).outcome === 'accepted' ? again : undefined;
      },
    };
  }
}
