import type { Baseline } from '../checks/support/baseline.js';
import type { Exchange } from '../model/http.js';
import type { Judge } from '../analysis/judge.js';

/**
 * What the report must say about how far an endpoint's verdicts can be trusted: every
 * reason a probe could not be judged, so a clean result is never silently incomplete.
 */
export function endpointNotes(
  baseline: Baseline,
  judge: Judge,
  exchanges: Exchange[],
  oracleUsed: boolean,
  level: 'L0' | 'L1' | 'L2',
): string[] {
  const notes: string[] = [];

  if (baseline.validRejected && level === 'L1') {
    notes.push(
      'the captured sample, sent again as-is, was rejected (replay protection or an expired ' +
        'timestamp, which is correct); checks that need an accepted sample judged as at L0',
    );
  } else if (baseline.validRejected) {
    notes.push(
      'the validly signed reference was rejected (answered like a wrong signature, or refused while ' +
        'a wrong signature succeeded); check the secret, --scheme and --header (the scan went on as ' +
        'if no secret had been given)',
    );
  }
  if (!oracleUsed && baseline.uniform && !baseline.bodyDependent) {
    notes.push(
      `every request was answered alike (HTTP ${baseline.forged.response?.status}) whatever its signature, ` +
        'so acceptance could not be judged from the answers; give --oracle "GET <url>" (a read that changes ' +
        'when the endpoint acts) to judge by effect',
    );
  }
  if (judge.deferredAnswers > 0) {
    notes.push(
      `${judge.deferredAnswers} probe(s) were answered 202 (queued) where a wrong signature is refused; a ` +
        '202 alone is not taken as acceptance, since the receiver may verify later; give --oracle to judge them',
    );
  }

  const limited = exchanges.filter(
    (e) => e.response?.status === 429 || e.response?.status === 503,
  );
  if (limited.length) {
    notes.push(
      `${limited.length} of ${exchanges.length} requests were answered ${limited[0]!.response!.status} ` +
        '(rate limited or unavailable), so the probes they carried were not judged; results are incomplete; ' +
        'scan again with a lower --rate',
    );
  }
  const unanswered = exchanges.filter((e) => !e.response);
  if (unanswered.length) {
    const labels = [...new Set(unanswered.map((e) => e.label))].slice(0, 5).join('; ');
    notes.push(
      `${unanswered.length} probe(s) got no answer (${unanswered[0]!.error?.message}) and were not judged: ${labels}`,
    );
  }
  return notes;
}
