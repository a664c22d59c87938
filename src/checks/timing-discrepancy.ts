import { compareClasses, formatP, TEST_NAME } from '../analysis/timing/compare.js';
import type { ComparisonResult } from '../analysis/timing/compare.js';
import { rejectionReference } from './support/baseline.js';
import { OWASP } from './support/owasp.js';
import { timingPlans } from './support/timing-classes.js';
import type { Check, FindingDraft } from './types.js';

/**
 * Design false-positive rate per endpoint: the chance that a receiver whose times do
 * not depend on the class is reported at all. Split over the comparisons and, within
 * each, over its looks (Bonferroni), so it holds however early a comparison stops.
 */
export const TIMING_ALPHA = 0.001;

/** A statistically significant, material response-time difference between rejections. */
export const timingDiscrepancy: Check = {
  meta: {
    id: 'timing-discrepancy',
    title: 'Rejection time depends on the signature',
    proves:
      'two kinds of rejected request that get the same answer take measurably different time',
    severity: 'medium',
    cwe: [208],
    owasp: OWASP.brokenAuthentication,
    level: 'L0',
    remediation: 'constant-time-verification',
    sends: ['forged', 'unsigned', 'malformed'],
    profile: 'quick',
    phase: 'exclusive',
  },

  skip(context) {
    if (!context.tuning.timing)
      return 'timing is off (turn it on with --timing or --profile deep)';
    return undefined;
  },

  async run(context) {
    const baseline = await context.baseline();
    if (!rejectionReference(baseline)) return [];

    const shapes = timingPlans(context);
    const totalShare = shapes.reduce((sum, shape) => sum + shape.share, 0);
    const alpha = TIMING_ALPHA / shapes.length;
    const channel = context.timingChannel();
    const results: ComparisonResult[] = [];
    try {
      let remaining = context.tuning.timingBudget;
      let shareLeft = totalShare;
      for (const shape of shapes) {
        const budget = Math.floor((remaining * shape.share) / shareLeft);
        shareLeft -= shape.share;
        const result = await compareClasses(channel, { ...shape.plan, budget, alpha });
        remaining -= result.requests;
        results.push(result);
        // One proven difference is the finding; the rest of the budget is not spent.
        if (result.decision === 'differs') break;
      }
    } finally {
      await channel.close();
    }

    const drafts: FindingDraft[] = [];
    for (const result of results.filter((r) => r.decision === 'differs')) {
      const shape = shapes.find((s) => s.plan.name === result.name)!;
      const probes = [
        await context.send(
          `timing class: ${result.slow}`,
          shape.plan.slow.request,
          signatureKind(result.slow),
        ),
        await context.send(
          `timing class: ${result.fast}`,
          shape.plan.fast.request,
          signatureKind(result.fast),
        ),
      ];
      drafts.push(draftFor(result, results, probes));
    }
    return drafts;
  },
};

function signatureKind(name: string) {
  if (name === 'no-signature') return 'none' as const;
  if (name === 'half-length') return 'malformed' as const;
  return name.startsWith('wrong-') && name.endsWith('-byte')
    ? ('altered' as const)
    : ('forged' as const);
}

function draftFor(
  result: ComparisonResult,
  all: ComparisonResult[],
  probes: FindingDraft['probes'],
): FindingDraft {
  const shift = result.shift!;
  const slower = shift.estimate >= 0 ? result.slow : result.fast;
  const faster = slower === result.slow ? result.fast : result.slow;
  const size = Math.abs(shift.estimate);
  const [low, high] = shift.estimate >= 0 ? [shift.low, shift.high] : [-shift.high, -shift.low];
  const confidencePct = `${trim(shift.confidence * 100)}%`;
  const byteLeak = result.name.startsWith('wrong-last-byte');

  const message =
    `Requests with a ${describe(slower)} are rejected ${round(size)} µs later than requests with ` +
    `a ${describe(faster)} (${confidencePct} interval ${round(low)} to ${round(high)} µs), both ` +
    `answered HTTP ${result.status} with the same body` +
    (byteLeak
      ? ': the comparison stops at the first differing byte, so response time tells an ' +
        'attacker how much of a guessed signature is right.'
      : ': response time tells the rejection paths apart.');
  return {
    message,
    basis:
      `${TEST_NAME}: ${result.pairs} pairs (${result.requests} requests) on one keep-alive ` +
      `connection, p = ${formatP(result.pValue ?? 1)} below the per-look level ` +
      `${formatP(result.alphaPerLook)}; design false-positive rate ${TIMING_ALPHA} per endpoint`,
    confidence: 'high',
    ...(byteLeak
      ? {}
      : {
          severity: 'low' as const,
          severityNote:
            'the difference separates rejection paths, not bytes of the expected signature',
        }),
    probes,
    details: {
      comparison: summary(result),
      otherComparisons: all.filter((r) => r !== result).map(summary),
      designFalsePositiveRate: TIMING_ALPHA,
    },
  };
}

function summary(result: ComparisonResult): Record<string, unknown> {
  return {
    name: result.name,
    decision: result.decision,
    reason: result.reason,
    shiftMicros: result.shift && round(result.shift.estimate),
    intervalMicros: result.shift && [round(result.shift.low), round(result.shift.high)],
    intervalConfidence: result.shift?.confidence,
    test: result.test,
    pValue: result.pValue,
    alphaPerLook: result.alphaPerLook,
    pairs: result.pairs,
    requests: result.requests,
    medianMicros: result.medianMicros && {
      [result.slow]: round(result.medianMicros.slow),
      [result.fast]: round(result.medianMicros.fast),
    },
  };
}

function describe(name: string): string {
  return (
    {
      'wrong-last-byte': 'signature wrong only in its last byte',
      'wrong-first-byte': 'signature wrong in its first byte',
      'wrong-signature': 'well-formed wrong signature',
      'no-signature': 'missing signature header',
      'right-length': 'right-length wrong signature',
      'half-length': 'half-length signature',
    }[name] ?? name
  );
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

function trim(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}
