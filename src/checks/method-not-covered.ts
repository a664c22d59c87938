import type { Verdict } from '../analysis/judge.js';
import { cloneRequest, getHeader } from '../model/http.js';
import type { Exchange, HttpRequest } from '../model/http.js';
import { OWASP } from './support/owasp.js';
import type { Check } from './types.js';

const STATE_CHANGING = ['POST', 'PUT', 'PATCH', 'DELETE'];
const READ_ONLY = ['GET', 'HEAD', 'OPTIONS'];
const OVERRIDE_HEADERS = ['X-HTTP-Method-Override', 'X-HTTP-Method', 'X-Method-Override'];

interface MethodProbe {
  route: string;
  exchange: Exchange;
  verdict: Verdict;
}

/**
 * The same path with other methods, and the endpoint's own method tunnelled through
 * override headers, all with a wrong signature. Verification bound to one method
 * (or one handler) leaves the others open.
 */
export const methodNotCovered: Check = {
  meta: {
    id: 'method-not-covered',
    title: 'Another HTTP method skips signature verification',
    proves:
      'the same path accepts a wrong signature when reached with another method or an override header',
    severity: 'high',
    cwe: [306, 650],
    owasp: OWASP.functionLevelAuthorization,
    level: 'L0',
    remediation: 'verify-all-methods',
    sends: ['forged', 'other-methods'],
    subsumedBy: [
      'unsigned-request-accepted',
      'invalid-signature-accepted',
      'unauthenticated-operation',
    ],
  },

  async run(context) {
    const own = context.endpoint.method.toUpperCase();
    // Methods a spec documents on this path are operations of their own, with their own
    // security (a public POST beside a signed GET): they are scanned as such, not here.
    const documented = context.endpoint.spec?.pathMethods ?? [];
    const methods = [...(context.safe ? [] : STATE_CHANGING), ...READ_ONLY].filter(
      (m) => m !== own && !documented.includes(m),
    );
    const requests: Array<[string, HttpRequest]> = methods.map((method) => [
      method,
      context.forged(cloneRequest(context.unsigned(), { method })),
    ]);
    if (!context.safe) {
      for (const method of ['PUT', 'PATCH', 'DELETE'].filter(
        (m) => m !== own && !documented.includes(m),
      )) {
        const headers = [
          ...context.forged().headers,
          ...OVERRIDE_HEADERS.map((h) => [h, method] as [string, string]),
        ];
        requests.push([
          `${own} tunnelled as ${method}`,
          cloneRequest(context.forged(), { headers }),
        ]);
      }
    }

    // Probes go out while the references are still in flight; judging waits for them.
    const exchanges = await Promise.all(
      requests.map(([route, request]) =>
        context.send(`wrong signature via ${route}`, request, 'forged'),
      ),
    );
    const judge = await context.judge();
    if (!judge.canJudge) return [];
    const baseline = await context.baseline();
    const probes: MethodProbe[] = exchanges.map((exchange, index) => ({
      route: requests[index]![0],
      exchange,
      verdict: judge.judge(exchange),
    }));
    const open = probes.filter(
      (probe) => probe.verdict.outcome === 'accepted' && !isPreflight(probe),
    );
    if (!open.length) return [];

    const changing = open.filter((probe) => !READ_ONLY.includes(probe.route));
    const routes = open.map((probe) => probe.route);
    return [
      {
        message:
          `A wrong signature is rejected on ${own} (HTTP ${baseline.forged.response?.status}) but ` +
          `accepted via ${routes.join(', ')}.`,
        basis: open[0]?.verdict.basis ?? '',
        confidence: changing.length ? 'high' : 'low',
        ...(changing.length
          ? {}
          : {
              severity: 'info' as const,
              severityNote:
                'only read methods answered with success; this is a bypass only if the route acts on them',
            }),
        probes: open.map((probe) => probe.exchange),
        references: [baseline.forged],
        details: { openRoutes: routes, triedRoutes: probes.map((probe) => probe.route) },
      },
    ];
  },
};

/** A framework's automatic OPTIONS answer lists methods and does nothing else. */
function isPreflight(probe: MethodProbe): boolean {
  if (probe.route !== 'OPTIONS') return false;
  const response = probe.exchange.response;
  if (!response) return false;
  const lists =
    getHeader(response.headers, 'allow') ??
    getHeader(response.headers, 'access-control-allow-methods');
  return lists !== undefined && response.body.length === 0;
}
