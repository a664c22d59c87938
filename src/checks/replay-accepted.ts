import { oracleState } from '../scan/oracle.js';
import { OWASP } from './support/owasp.js';
import { needsSignedRequest, signedFooting } from './support/signed-probe.js';
import type { Judge } from '../analysis/judge.js';
import type { Exchange } from '../model/http.js';
import type { Check, CheckContext } from './types.js';

/** Minutes a sample's timestamp may be old before acceptance proves there is no window. */
const STALE_AFTER_SECONDS = 600;

/**
 * The accepted reference (a freshly signed request, or the captured sample) sent once
 * more, byte for byte. Accepted again means nothing remembers deliveries. When the
 * scheme signs a timestamp and old timestamps are refused, the replay only works
 * inside that window: still true, but reported at info.
 */
export const replayAccepted: Check = {
  meta: {
    id: 'replay-accepted',
    title: 'Replayed signed request is accepted',
    proves: 'the same validly signed request is accepted a second time',
    severity: 'high',
    cwe: [294],
    owasp: OWASP.brokenAuthentication,
    level: 'L1',
    remediation: 'reject-replays',
    sends: ['resend-signed'],
    subsumedBy: ['unsigned-request-accepted', 'invalid-signature-accepted'],
  },

  skip: needsSignedRequest,

  async run(context) {
    const footing = await signedFooting(context, 'replay-accepted');
    if (!footing) return [];
    const { judge, accepted } = footing;

    const replay = await context.send(
      'replay: the accepted request sent again, unchanged',
      accepted.request,
      'valid',
    );
    const verdict = judge.judge(replay);
    if (verdict.outcome !== 'accepted') return [];
    // The fingerprint masks numbers, so {"processed":0,"duplicates":1} reads like
    // {"processed":1,"duplicates":0}. A second answer that differs beyond clock values
    // may be the receiver saying "already handled": not proof of a replay.
    if (!judge.references.oracle && answerText(replay) !== answerText(accepted)) {
      context.note(
        `replay-accepted: the replayed request was answered HTTP ${replay.response?.status} ` +
          'but with another body than the first time, which may mean the receiver ' +
          'recognised it; give --oracle to decide.',
      );
      return [];
    }

    const window = await replayWindow(context, judge);
    const base = `The same signed request was accepted twice (HTTP ${accepted.response?.status} then HTTP ${replay.response?.status}).`;
    if (window.bounded) {
      return [
        {
          message: `${base} Old timestamps are refused, so a replay works only inside the receiver's timestamp window; deduplicate delivery ids to close it.`,
          basis: `${verdict.basis}; ${window.basis}`,
          confidence: verdict.confidence,
          severity: 'info',
          severityNote: 'bounded by a timestamp window that was shown to refuse old timestamps',
          probes: [accepted, replay, ...window.probes],
          references: [],
        },
      ];
    }
    return [
      {
        message: `${base} Nothing records deliveries, so anyone who captures one signed request can repeat its action. ${window.basis}`,
        basis: verdict.basis,
        confidence: verdict.confidence,
        ...(window.unproven
          ? {
              severity: 'medium' as const,
              severityNote:
                'a signed timestamp may bound the replay; only the secret (L2) can show it',
            }
          : {}),
        probes: [accepted, replay, ...window.probes],
        references: [],
      },
    ];
  },
};

/** An answer's status and body with only clock-like values (dates, uuids) masked. */
function answerText(exchange: Exchange): string {
  const response = exchange.response;
  return response ? `${response.status} ${oracleState(response.body)}` : 'no answer';
}

interface ReplayWindow {
  bounded: boolean;
  unproven?: boolean;
  basis: string;
  probes: Exchange[];
}

async function replayWindow(context: CheckContext, judge: Judge): Promise<ReplayWindow> {
  const { scheme } = context;
  if (!scheme.covers.includes('timestamp')) {
    return { bounded: false, basis: `The ${scheme.id} scheme signs no timestamp.`, probes: [] };
  }
  if (context.sign) {
    const old = context.sign(context.fresh(), {
      timestamp: Math.floor(Date.now() / 1000) - 3600,
    });
    const probe = await context.send(
      'replay window: signed with a timestamp one hour old',
      old,
      'valid',
    );
    const refused = judge.judge(probe).outcome === 'rejected';
    return refused
      ? { bounded: true, basis: 'a request signed one hour ago was refused', probes: [probe] }
      : {
          bounded: false,
          basis: 'A request signed one hour ago was accepted too.',
          probes: [probe],
        };
  }
  const stamp = context.sample ? scheme.timestampOf(context.sample) : undefined;
  const age = stamp === undefined ? undefined : Math.floor(Date.now() / 1000) - stamp;
  if (age !== undefined && age > STALE_AFTER_SECONDS) {
    return {
      bounded: false,
      basis: `The sample's timestamp is ${age} s old and was still accepted.`,
      probes: [],
    };
  }
  return {
    bounded: false,
    unproven: true,
    basis: 'Whether a timestamp window bounds this could not be shown at L1.',
    probes: [],
  };
}
