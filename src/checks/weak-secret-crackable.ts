import { crack } from '../crack/crack.js';
import type { CrackOutcome } from '../crack/crack.js';
import { crackTargets } from '../crack/material.js';
import { bundledSource, wordlistSource } from '../crack/sources.js';
import type { HttpRequest } from '../model/http.js';
import { OWASP } from './support/owasp.js';
import type { Check, CheckContext } from './types.js';

/**
 * With a captured signed request (L1), recovers its secret offline from the bundled
 * list and the user's wordlist, within the time budget, exactly as an attacker holding
 * one delivery would. The hit is the proof: the sample's own signature equals the HMAC
 * made with the candidate. Outside --safe a fresh request signed with it is also sent.
 */
export const weakSecretCrackable: Check = {
  meta: {
    id: 'weak-secret-crackable',
    title: 'Secret recovered offline from a captured signature',
    proves: "the secret was recovered offline from a captured request's signature",
    severity: 'critical',
    cwe: [521, 798, 1391],
    owasp: OWASP.brokenAuthentication,
    level: 'L1',
    remediation: 'strong-secret',
    sends: ['offline', 'signed'],
    // Online proof of the same weak secret with fewer assumptions wins.
    subsumedBy: ['default-secret-accepted'],
  },

  skip(context) {
    const sample = context.sample;
    if (!sample) return 'needs a captured signed request (--sample)';
    if (!context.scheme.crackMaterial(sample))
      return `the sample carries no ${context.scheme.id} signature`;
    return undefined;
  },

  async run(context) {
    const sample = context.sample;
    if (!sample) return [];
    const outcome = await crackOnce(context, sample);
    const found = outcome?.found;
    if (!found) return [];

    const secret = found.candidate;
    const where = found.source === 'bundled list' ? 'the bundled list' : 'the given wordlist';
    const message =
      `The secret of the captured request was recovered offline from ${where} (line ` +
      `${found.line}, ${secret.length} bytes) after ${outcome.tested} candidates in ` +
      `${(outcome.elapsedMs / 1000).toFixed(1)} s; anyone holding one signed request can sign any other.`;
    const basis =
      "the sample's own signature equals the HMAC of its signed bytes under the recovered secret";
    const details = {
      foundIn: found.source,
      line: found.line,
      secretLength: secret.length,
      tested: outcome.tested,
    };

    if (context.safe) {
      return [
        {
          message,
          basis: `${basis}; no request was signed with it (--safe)`,
          confidence: 'high',
          probes: [],
          details,
        },
      ];
    }
    const probe = await context.send(
      'freshly signed with the recovered secret',
      context.signWith(secret),
      'valid',
    );
    const verdict = await context.verdict(probe);
    const accepted = verdict.outcome === 'accepted';
    return [
      {
        message: accepted
          ? `${message} A request freshly signed with it was accepted.`
          : `${message} This endpoint did not accept a request signed with it, so the sample may come from another environment.`,
        basis: accepted
          ? `${basis}; ${verdict.basis}`
          : `${basis}; the online request was not accepted (${verdict.basis})`,
        confidence: accepted ? verdict.confidence : 'medium',
        severity: accepted ? undefined : 'high',
        severityNote: accepted
          ? undefined
          : 'lowered: this endpoint did not accept the recovered secret',
        probes: [probe],
        details: { ...details, acceptedOnline: accepted },
      },
    ];
  },
};

// The sample is the same for every endpoint of a scan: crack it once.
const runs = new WeakMap<HttpRequest, Promise<CrackOutcome | undefined>>();

function crackOnce(
  context: CheckContext,
  sample: HttpRequest,
): Promise<CrackOutcome | undefined> {
  let run = runs.get(sample);
  if (!run) {
    run = crackSample(context, sample);
    runs.set(sample, run);
  }
  return run;
}

async function crackSample(
  context: CheckContext,
  sample: HttpRequest,
): Promise<CrackOutcome | undefined> {
  const settings = context.weakSecrets;
  const [target] = crackTargets(sample, context.scheme.id, settings.overrides);
  if (!target) return undefined;
  const sources = [
    bundledSource(),
    ...(settings.wordlist ? [wordlistSource(settings.wordlist)] : []),
  ];
  return crack({
    material: target.material,
    keyMode: target.keyMode,
    sources,
    maxTimeMs: settings.crackTimeMs,
  });
}
