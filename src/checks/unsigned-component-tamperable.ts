import { sameAnswerBesidesOwnValues } from '../analysis/fingerprint.js';
import { cloneRequest, withHeader } from '../model/http.js';
import type { Exchange, HttpRequest } from '../model/http.js';
import { mutateBody } from './support/body-variants.js';
import { OWASP } from './support/owasp.js';
import { needsSignedRequest, signedFooting, signedRequest } from './support/signed-probe.js';
import type { Check, CheckContext } from './types.js';

type Coverage = 'covered' | 'not covered' | 'not covered, changes the answer' | 'undecided';

interface Tamper {
  part: string;
  change(request: HttpRequest): HttpRequest;
}

const FORWARDED_HOST = 'sigprobe-forwarded.invalid';
const FORWARDED_PART = 'forwarded host (X-Forwarded-Host)';
const OTHER_METHOD: Record<string, string> = {
  POST: 'PUT',
  PUT: 'POST',
  PATCH: 'PUT',
  DELETE: 'POST',
  GET: 'POST',
};

/**
 * Changes one part of a validly signed request at a time and keeps the signature. A
 * change the receiver still accepts is a part the signature does not cover; when the
 * answer also changes, that part drives behaviour an attacker can now steer.
 */
export const unsignedComponentTamperable: Check = {
  meta: {
    id: 'unsigned-component-tamperable',
    title: 'Part of a signed request can be changed without breaking the signature',
    proves:
      'the method, path, a query parameter, a header or a forwarded host can be changed while the signature still passes',
    severity: 'high',
    cwe: [345, 347],
    owasp: OWASP.brokenAuthentication,
    level: 'L1',
    remediation: 'sign-every-part',
    sends: ['signed', 'resend-signed'],
    subsumedBy: ['unsigned-request-accepted', 'invalid-signature-accepted'],
  },

  skip: needsSignedRequest,

  async run(context) {
    const footing = await signedFooting(context, 'unsigned-component-tamperable');
    if (!footing) return [];
    const { judge, accepted } = footing;

    const tampers = tampersFor(signedRequest(context), context);
    const results = await Promise.all(
      tampers.map(async (tamper) => {
        const request = tamper.change(signedRequest(context));
        const exchange = await context.send(
          `signed request with ${tamper.part} changed, signature kept`,
          request,
          'altered',
        );
        return {
          part: tamper.part,
          exchange,
          coverage: coverageOf(judge.judge(exchange).outcome, exchange, accepted),
        };
      }),
    );
    if (context.sign && context.scheme.covers.includes('host'))
      results.push(await forwardedHost(context, judge, accepted));

    const map: Record<string, Coverage> = Object.fromEntries(
      results.map((r) => [r.part, r.coverage]),
    );
    const steering = results.filter((r) => r.coverage === 'not covered, changes the answer');
    const loose = results.filter((r) => r.coverage === 'not covered');
    if (steering.length === 0 && loose.length === 0) return [];

    const uncovered = [...steering, ...loose].map((r) => r.part);
    const covered = results.filter((r) => r.coverage === 'covered').map((r) => r.part);
    const summary = `Not covered: ${uncovered.join(', ')}. Covered: ${covered.join(', ') || 'none of those tried'}.`;

    // A signature made for another host that passes here is the fault itself, whatever
    // the answer: any signed request for any host running this code works on this one.
    const foreign = loose.find((r) => r.part === FORWARDED_PART);
    if (steering.length === 0 && foreign) {
      return [
        {
          message: `A request validly signed for ${FORWARDED_HOST} was accepted here when sent with X-Forwarded-Host: ${FORWARDED_HOST}: the receiver rebuilds the signed URL from a header the client sets, so a signature made for another host (another tenant, a staging URL) verifies on this one. ${summary}`,
          basis:
            'accepted (differs from the wrong-signature reference) although signed for another host',
          confidence: 'high',
          probes: [foreign.exchange],
          references: [accepted],
          details: { coverage: map },
        },
      ];
    }
    if (steering.length > 0) {
      return [
        {
          message: `Changing ${steering.map((r) => r.part).join(', ')} of a validly signed request kept it accepted and changed the answer: the signature does not protect what the handler acts on. ${summary}`,
          basis:
            'accepted (differs from the wrong-signature reference) with a different answer from the untouched signed request',
          confidence: 'high',
          probes: steering.map((r) => r.exchange),
          references: [accepted],
          details: { coverage: map },
        },
      ];
    }
    return [
      {
        message: `Coverage map of the ${context.scheme.id} signature on this endpoint. ${summary} The uncovered parts were accepted when changed but did not change the answer.`,
        basis:
          'each part was changed alone with the signature kept; the answers were compared with the untouched signed request',
        confidence: 'medium',
        severity: 'info',
        severityNote: 'uncovered parts did not change the answer',
        probes: loose.map((r) => r.exchange),
        references: [accepted],
        details: { coverage: map },
      },
    ];
  },
};

function coverageOf(outcome: string, exchange: Exchange, accepted: Exchange): Coverage {
  if (outcome === 'rejected') return 'covered';
  if (outcome !== 'accepted') return 'undecided';
  return sameAnswerBesidesOwnValues(exchange, accepted)
    ? 'not covered'
    : 'not covered, changes the answer';
}

function tampersFor(signed: HttpRequest, context: CheckContext): Tamper[] {
  const url = new URL(signed.url);
  const own = new Set(context.scheme.strip(signed).headers.map(([name]) => name.toLowerCase()));
  const tampers: Tamper[] = [];

  const method = OTHER_METHOD[signed.method] ?? 'POST';
  tampers.push({
    part: `method (${signed.method} to ${method})`,
    change: (r) => cloneRequest(r, { method }),
  });
  if (url.pathname.length > 1) {
    // The same route spelt differently: the last character percent-encoded.
    tampers.push({
      part: 'path',
      change: (r) => cloneRequest(r, { url: encodeLastPathCharacter(r.url) }),
    });
  }
  for (const name of new Set(url.searchParams.keys())) {
    if (name === 'bodySHA256') continue;
    tampers.push({
      part: `query parameter ${name}`,
      change: (r) =>
        cloneRequest(r, {
          url: setParam(r.url, name, `${new URL(r.url).searchParams.get(name) ?? ''}-sigprobe`),
        }),
    });
  }
  for (const [name] of signed.headers) {
    if (!own.has(name.toLowerCase()) || name.toLowerCase() === 'content-type') continue;
    tampers.push({
      part: `header ${name}`,
      change: (r) =>
        cloneRequest(r, {
          headers: withHeader(r.headers, name, `${headerValue(r, name)}-sigprobe`),
        }),
    });
  }
  if (mutateBody(signed)) {
    tampers.push({
      part: 'body',
      change: (r) => cloneRequest(r, { body: mutateBody(r) ?? r.body }),
    });
  }
  return tampers;
}

/**
 * URL-signing schemes: a request signed for another host, sent here with that host
 * in X-Forwarded-Host. Accepted means the receiver rebuilds the signed URL from a
 * header the client controls, so a signature for any URL works on this one.
 */
async function forwardedHost(
  context: CheckContext,
  judge: Awaited<ReturnType<CheckContext['judge']>>,
  accepted: Exchange,
) {
  const fresh = context.fresh();
  const elsewhere = new URL(fresh.url);
  // Setting `host` without a port keeps the old port: the signed URL would then name a
  // host:port that the header below never says, and a receiver that trusts the header
  // would rebuild another URL and refuse, looking safe.
  elsewhere.hostname = FORWARDED_HOST;
  elsewhere.port = '';
  const signed = context.sign!(cloneRequest(fresh, { url: elsewhere.toString() }));
  const here = new URL(signed.url);
  here.host = new URL(fresh.url).host;
  const request = cloneRequest(signed, {
    url: here.toString(),
    headers: [...signed.headers, ['X-Forwarded-Host', FORWARDED_HOST]],
  });
  const exchange = await context.send(
    'signed for another host, sent here with X-Forwarded-Host',
    request,
    'altered',
  );
  return {
    part: FORWARDED_PART,
    exchange,
    coverage: coverageOf(judge.judge(exchange).outcome, exchange, accepted),
  };
}

function encodeLastPathCharacter(text: string): string {
  const url = new URL(text);
  const path = url.pathname;
  const last = path.charAt(path.length - 1);
  if (!/[A-Za-z0-9]/.test(last)) return text;
  const encoded = `%${last.charCodeAt(0).toString(16).toUpperCase()}`;
  return `${url.origin}${path.slice(0, -1)}${encoded}${url.search}`;
}

function setParam(text: string, name: string, value: string): string {
  const url = new URL(text);
  url.searchParams.set(name, value);
  return url.toString();
}

function headerValue(request: HttpRequest, name: string): string {
  return request.headers.find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1] ?? '';
}
