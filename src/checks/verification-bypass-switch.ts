import { cloneRequest, withHeader } from '../model/http.js';
import type { Exchange, HttpRequest } from '../model/http.js';
import { parseJson } from './support/body-variants.js';
import { OWASP } from './support/owasp.js';
import { SWITCH_GROUPS } from './support/switches.js';
import type { SwitchGroup } from './support/switches.js';
import type { Check, CheckContext } from './types.js';

type Switch = [string, string];

/**
 * Wrong-signature requests carrying switches that turn verification off. A group is
 * sent in one request; only an accepted group is split (binary search) to name the
 * switch, so a clean endpoint costs one request per group.
 */
export const verificationBypassSwitch: Check = {
  meta: {
    id: 'verification-bypass-switch',
    title: 'A request switch turns signature verification off',
    proves: 'a query parameter, header or body flag makes a wrong signature pass',
    severity: 'critical',
    cwe: [489, 306],
    owasp: OWASP.misconfiguration,
    level: 'L0',
    remediation: 'remove-bypass-switches',
    sends: ['forged'],
    subsumedBy: [
      'unsigned-request-accepted',
      'invalid-signature-accepted',
      'unauthenticated-operation',
    ],
  },

  async run(context) {
    const results = await Promise.all(
      SWITCH_GROUPS.flatMap((group) =>
        // Values of one header cannot share a request: each content type goes alone.
        (group.where === 'content-type'
          ? group.switches.map((one) => [one])
          : [group.switches]
        ).map(async (switches) => {
          const found = await findSwitches(context, group, switches);
          return found && { group: group.name, where: group.where, ...found };
        }),
      ),
    );
    let hits = results.filter((hit) => hit !== undefined);
    // A form body skipping verification on its own explains an accepted ssl_check form.
    if (hits.some((hit) => hit.where === 'content-type'))
      hits = hits.filter((hit) => hit.where !== 'form-body');
    if (!hits.length) return [];
    const judge = await context.judge();
    const baseline = await context.baseline();

    const named = hits.map((hit) =>
      hit.where === 'content-type'
        ? `Content-Type: ${hit.switches[0]![1]} (verification skipped for a non-JSON content type)`
        : `${hit.switches.map(([k, v]) => `${k}=${v}`).join(' + ')} (${hit.where})`,
    );
    return [
      {
        message: `A wrong signature is rejected, but accepted when the request carries ${named.join('; ')}.`,
        basis: judge.judge(hits[0]!.exchange).basis,
        confidence: 'high',
        probes: hits.map((hit) => hit.exchange),
        references: [baseline.forged],
        details: { switches: named },
      },
    ];
  },
};

async function findSwitches(
  context: CheckContext,
  group: SwitchGroup,
  switches: Switch[],
): Promise<{ switches: Switch[]; exchange: Exchange } | undefined> {
  const request = applySwitches(context, group, switches);
  if (!request) return undefined;
  const label = `wrong signature with ${switches.map(([k, v]) => `${k}=${v}`).join(', ')}`;
  const exchange = await context.send(label, request, 'forged');

  // The group goes out while the references are still in flight; judging waits for them.
  const judge = await context.judge();
  if (!judge.canJudge || judge.judge(exchange).outcome !== 'accepted') return undefined;
  if (switches.length === 1) return { switches, exchange };

  // Split to name the switch; if neither half alone passes, the combination does.
  const middle = Math.ceil(switches.length / 2);
  const left = await findSwitches(context, group, switches.slice(0, middle));
  if (left) return left;
  const right = await findSwitches(context, group, switches.slice(middle));
  return right ?? { switches, exchange };
}

function applySwitches(
  context: CheckContext,
  group: SwitchGroup,
  switches: Switch[],
): HttpRequest | undefined {
  const base = context.unsigned();

  switch (group.where) {
    case 'query': {
      const url = new URL(base.url);
      for (const [name, value] of switches) url.searchParams.set(name, value);
      return context.forged(cloneRequest(base, { url: url.toString() }));
    }
    case 'header': {
      let headers = base.headers;
      for (const [name, value] of switches) headers = withHeader(headers, name, value);
      return context.forged(cloneRequest(base, { headers }));
    }
    case 'json-body': {
      const body = parseJson(base.body);
      if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
      const flags = Object.fromEntries(switches.map(([k, v]) => [k, JSON.parse(v) as unknown]));
      return context.forged(
        cloneRequest(base, { body: Buffer.from(JSON.stringify({ ...body, ...flags })) }),
      );
    }
    case 'content-type': {
      const [, type] = switches[0]!;
      const body = type.includes('form') ? Buffer.from('sigprobe=1') : base.body;
      return context.forged(
        cloneRequest(base, { headers: withHeader(base.headers, 'Content-Type', type), body }),
      );
    }
    case 'form-body': {
      const headers = withHeader(
        base.headers,
        'Content-Type',
        'application/x-www-form-urlencoded',
      );
      const body = Buffer.from(new URLSearchParams(switches).toString());
      return context.forged(cloneRequest(base, { headers, body }));
    }
  }
}
