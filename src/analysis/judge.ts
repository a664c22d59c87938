import type { Confidence } from '../model/severity.js';
import type { Exchange } from '../model/http.js';
import { isAuthRejection, isSuccess, refusesInBody, sameAnswer } from './fingerprint.js';

export type Outcome = 'accepted' | 'rejected' | 'differs' | 'unknown' | 'error';

export interface Verdict {
  outcome: Outcome;
  confidence: Confidence;
  /** The comparison this verdict rests on, in words a reviewer can check. */
  basis: string;
}

export interface JudgeReferences {
  /** The answer to a request that must be rejected (a wrong signature). */
  rejected?: Exchange;
  /** The answer to a validly signed request, when a secret or sample allows one. */
  accepted?: Exchange;
  /** When an oracle is configured and stable, acceptance is what changes it. */
  oracle: boolean;
}

/**
 * Decides whether a probe passed authentication by comparing its answer with the
 * references sent in the same run (CHECKS.md, "How acceptance is judged").
 */
export class Judge {
  /** Probes answered 202 that status alone could not judge; the report says so. */
  deferredAnswers = 0;

  constructor(readonly references: JudgeReferences) {}

  /** True when status and body can tell acceptance from rejection on this endpoint. */
  get canJudge(): boolean {
    const { rejected, accepted, oracle } = this.references;
    if (oracle) return true;
    if (!rejected?.response) return false;
    if (accepted && !sameAnswer(accepted, rejected)) return true;
    return !isSuccess(rejected) || refusesInBody(rejected);
  }

  judge(probe: Exchange): Verdict {
    if (!probe.response) {
      return {
        outcome: 'error',
        confidence: 'low',
        basis: probe.error?.message ?? 'no response',
      };
    }
    const { rejected, accepted, oracle } = this.references;
    const status = probe.response.status;

    if (oracle) {
      return probe.oracleChanged
        ? {
            outcome: 'accepted',
            confidence: 'high',
            basis: 'the oracle changed after this request',
          }
        : {
            outcome: 'rejected',
            confidence: 'high',
            basis: 'the oracle did not change after this request',
          };
    }

    if (accepted && rejected && !sameAnswer(accepted, rejected)) {
      if (sameAnswer(probe, accepted)) {
        return {
          outcome: 'accepted',
          confidence: 'high',
          basis: `answered like the validly signed reference (HTTP ${status}, same body), not like the wrong-signature reference`,
        };
      }
      if (sameAnswer(probe, rejected)) {
        return {
          outcome: 'rejected',
          confidence: 'high',
          basis: 'answered like the wrong-signature reference',
        };
      }
    }

    if (!this.canJudge || !rejected?.response) {
      return {
        outcome: 'unknown',
        confidence: 'low',
        basis:
          'the endpoint answers a wrong signature with success, so status and body cannot tell',
      };
    }

    if (sameAnswer(probe, rejected)) {
      return {
        outcome: 'rejected',
        confidence: 'high',
        basis: 'answered like the wrong-signature reference',
      };
    }

    const refStatus = rejected.response.status;
    if (isSuccess(rejected)) {
      // The refusal is a 2xx with an error in its body: only a 2xx without one, and
      // unlike the refusal, counts as acceptance.
      const accepted = isSuccess(probe) && !refusesInBody(probe);
      return accepted
        ? {
            outcome: 'accepted',
            confidence: 'medium',
            basis: `HTTP ${status} without an error in its body, where the wrong-signature reference got HTTP ${refStatus} reporting an error`,
          }
        : {
            outcome: 'differs',
            confidence: 'medium',
            basis: `HTTP ${status}, unlike the wrong-signature reference`,
          };
    }
    if (status === 202) {
      // 202 Accepted means "queued": a receiver may verify after answering, so by status
      // alone a 202 is not acceptance (lab: queue_presence_202). An oracle can tell.
      this.deferredAnswers += 1;
      return {
        outcome: 'unknown',
        confidence: 'low',
        basis: `HTTP 202 (queued) where the wrong-signature reference got HTTP ${refStatus}`,
      };
    }
    if (isSuccess(probe)) {
      return {
        outcome: 'accepted',
        confidence: isAuthRejection(rejected) ? 'high' : 'medium',
        basis: `HTTP ${status} where the wrong-signature reference got HTTP ${refStatus}`,
      };
    }
    return {
      outcome: 'differs',
      confidence: 'medium',
      basis: `HTTP ${status} with a different answer from the wrong-signature reference (HTTP ${refStatus})`,
    };
  }
}
