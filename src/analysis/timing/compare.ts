import { randomInt } from 'node:crypto';
import type { HttpRequest } from '../../model/http.js';
import { normaliseBody } from '../fingerprint.js';
import { hodgesLehmann, median, signedRankTest } from './stats.js';
import type { ShiftEstimate } from './stats.js';

export interface TimedAnswer {
  status: number;
  body: Buffer;
  micros: number;
}

export interface TimedSender {
  send(request: HttpRequest): Promise<TimedAnswer>;
}

export interface TimingClass {
  /** Short id, e.g. "wrong-first-byte". */
  name: string;
  request: HttpRequest;
}

export interface ComparisonPlan {
  name: string;
  /** The class expected to be slower when the receiver leaks. */
  slow: TimingClass;
  fast: TimingClass;
  /** Hard cap on requests for this comparison, warm-up included. */
  budget: number;
  /** False-positive rate for the whole comparison (all looks together). */
  alpha: number;
  /**
   * Smallest shift (µs) that counts: the interval must exclude it. Zero for classes
   * where a correct receiver has no reason to differ at all.
   */
  materialMicros: number;
  /** Stop early when the interval shows any shift is smaller than this (µs). */
  resolutionMicros: number;
}

export type ComparisonDecision =
  'differs' | 'no-difference' | 'inconclusive' | 'not-comparable';

export interface ComparisonResult {
  name: string;
  slow: string;
  fast: string;
  decision: ComparisonDecision;
  /** Why the decision, in one sentence. */
  reason: string;
  requests: number;
  pairs: number;
  test: string;
  pValue?: number;
  z?: number;
  alphaPerLook: number;
  looks: number[];
  /** Shift of slow minus fast in µs (Hodges-Lehmann) and its interval. */
  shift?: ShiftEstimate;
  medianMicros?: { slow: number; fast: number };
  status?: number;
  /** Pairs with at least one answer among the quickest fifth (the ones the test reads). */
  informativePairs?: number;
}

const WARMUP_ROUNDS = 5;
const CENSOR_QUANTILE = 0.2;
const FIRST_LOOK = 50;
export const TEST_NAME =
  'Wilcoxon signed-rank on randomly ordered back-to-back pairs, ' +
  'times censored at the pooled 20th percentile';

/**
 * Planned looks: 50 pairs, then doubling, and the budget's last pair. The comparison's
 * alpha is split evenly over them (Bonferroni), so stopping at the first significant
 * look cannot raise the false-positive rate above `alpha`.
 */
export function lookSchedule(maxPairs: number): number[] {
  const looks: number[] = [];
  for (let n = FIRST_LOOK; n < maxPairs; n *= 2) looks.push(n);
  if (maxPairs >= 10) looks.push(maxPairs);
  return looks;
}

/**
 * Measures two rejection classes against each other, one request in flight, pairs
 * in random order, until a look decides or the budget is spent. Only classes whose
 * answers share one response path (same status, same normalised body) are compared,
 * because a different answer costs different time on its own.
 */
export async function compareClasses(
  sender: TimedSender,
  plan: ComparisonPlan,
): Promise<ComparisonResult> {
  const maxPairs = Math.floor((plan.budget - 2 * WARMUP_ROUNDS) / 2);
  const looks = lookSchedule(maxPairs);
  const alphaPerLook = looks.length ? plan.alpha / looks.length : 0;
  const result: ComparisonResult = {
    name: plan.name,
    slow: plan.slow.name,
    fast: plan.fast.name,
    decision: 'inconclusive',
    reason: '',
    requests: 0,
    pairs: 0,
    test: TEST_NAME,
    alphaPerLook,
    looks,
  };
  if (!looks.length)
    return { ...result, reason: 'the timing budget is too small for one look' };

  // Warm-up: opens the connection, fills caches, and fixes each class's answer.
  const paths = new Map<string, string>();
  for (let round = 0; round < WARMUP_ROUNDS; round += 1) {
    for (const timingClass of [plan.slow, plan.fast]) {
      const answer = await sender.send(timingClass.request);
      result.requests += 1;
      const path = responsePath(answer);
      if (paths.get(timingClass.name) === undefined) paths.set(timingClass.name, path);
      else if (paths.get(timingClass.name) !== path) {
        return {
          ...result,
          decision: 'not-comparable',
          reason: `${timingClass.name} was answered differently from one request to the next`,
        };
      }
    }
  }
  if (paths.get(plan.slow.name) !== paths.get(plan.fast.name)) {
    return {
      ...result,
      decision: 'not-comparable',
      reason: 'the two classes get different answers, so their times are not comparable',
    };
  }
  const expected = paths.get(plan.slow.name);

  const slowTimes: number[] = [];
  const fastTimes: number[] = [];
  const differences: number[] = [];
  for (const look of looks) {
    while (differences.length < look) {
      const slowFirst = randomInt(2) === 0;
      const order = slowFirst ? [plan.slow, plan.fast] : [plan.fast, plan.slow];
      const times: number[] = [];
      for (const timingClass of order) {
        const answer = await sender.send(timingClass.request);
        result.requests += 1;
        if (responsePath(answer) !== expected) {
          // Throttling, a lockout or an error mid-run: the times no longer measure the
          // comparison alone, so nothing is concluded from them.
          return {
            ...result,
            pairs: differences.length,
            decision: 'not-comparable',
            reason:
              `the answer changed during measurement (HTTP ${answer.status}); ` +
              'nothing concluded',
          };
        }
        times.push(answer.micros);
      }
      const [slowMicros, fastMicros] = slowFirst
        ? [times[0]!, times[1]!]
        : [times[1]!, times[0]!];
      slowTimes.push(slowMicros);
      fastTimes.push(fastMicros);
      differences.push(slowMicros - fastMicros);
    }

    const informative = censoredDifferences(slowTimes, fastTimes);
    const test = signedRankTest(informative);
    result.pairs = differences.length;
    result.pValue = test.pValue;
    result.z = test.z;
    result.medianMicros = { slow: median(slowTimes), fast: median(fastTimes) };
    result.status = Number(expected?.split(' ')[0]);
    const lastLook = look === looks[looks.length - 1];
    const significant = test.pValue < alphaPerLook;
    if (!significant && !lastLook && look < 400) continue;

    result.shift = hodgesLehmann(informative, 1 - alphaPerLook);
    result.informativePairs = informative.length;
    const { low, high } = result.shift;
    const material = low > plan.materialMicros || high < -plan.materialMicros;
    if (significant && material) {
      return {
        ...result,
        decision: 'differs',
        reason:
          `p = ${formatP(test.pValue)} below ${formatP(alphaPerLook)} at this look, ` +
          `interval clear of ±${plan.materialMicros} µs`,
      };
    }
    const bound = Math.max(Math.abs(low), Math.abs(high));
    if (bound < Math.max(plan.resolutionMicros, plan.materialMicros)) {
      return {
        ...result,
        decision: 'no-difference',
        reason: `any difference is within ±${round(bound)} µs`,
      };
    }
    if (lastLook) {
      return {
        ...result,
        decision: 'inconclusive',
        reason: significant
          ? 'significant but not clear of the materiality margin'
          : 'no significant difference within the budget',
      };
    }
  }
  return result;
}

/**
 * Paired differences with both times censored at a low quantile of all times, zeros
 * (both requests slower than the cut) left out. On a busy machine most of the spread
 * is queueing and descheduling, which only ever add time; the quick answers carry
 * the server's own cost. The cut is taken from all times together, which does not
 * depend on which request had which class, so under the null hypothesis each kept
 * difference is still as likely negative as positive and the test stays exact. The
 * censoring shrinks the estimated shift: the reported size is a lower bound.
 */
export function censoredDifferences(
  slow: readonly number[],
  fast: readonly number[],
): number[] {
  const pooled = [...slow, ...fast].sort((a, b) => a - b);
  const cut = pooled[Math.floor(CENSOR_QUANTILE * (pooled.length - 1))]!;
  const kept: number[] = [];
  for (let index = 0; index < slow.length; index += 1) {
    const difference = Math.min(slow[index]!, cut) - Math.min(fast[index]!, cut);
    if (difference !== 0) kept.push(difference);
  }
  return kept;
}

function responsePath(answer: TimedAnswer): string {
  return `${answer.status} ${normaliseBody(answer.body)}`;
}

export function formatP(p: number): string {
  return p < 1e-4 ? p.toExponential(1) : p.toPrecision(2);
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
