/**
 * Distribution-free statistics for paired response-time differences.
 *
 * Why these: latency is heavy-tailed (a GC pause or a descheduled core adds
 * milliseconds to one sample), so means and t-tests are driven by outliers. Each pair
 * holds one request of each class sent back to back in random order; under the null
 * hypothesis (the class does not change the time) the sign of each difference is a
 * fair coin independent of its size, whatever the noise looks like and however it
 * drifts. The Wilcoxon signed-rank test is exactly that randomisation test, and the
 * Hodges-Lehmann estimate with its interval is the matching measure of the shift.
 */

export interface SignedRankResult {
  /** Non-zero differences used. */
  n: number;
  statistic: number;
  z: number;
  /** Two-sided. */
  pValue: number;
}

export interface ShiftEstimate {
  /** Hodges-Lehmann: median of all pairwise means of the differences. */
  estimate: number;
  low: number;
  high: number;
  confidence: number;
}

/** Upper tail of the standard normal, accurate to about 1e-7 relative (erfc series). */
export function normalUpperTail(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const poly =
    -z * z -
    1.26551223 +
    t *
      (1.00002368 +
        t *
          (0.37409196 +
            t *
              (0.09678418 +
                t *
                  (-0.18628806 +
                    t *
                      (0.27886807 +
                        t *
                          (-1.13520398 +
                            t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const value = t * Math.exp(poly);
  return x >= 0 ? value : 2 - value;
}

/** The z with upper tail `p` (bisection on the tail; p in (0, 0.5]). */
export function normalQuantileUpper(p: number): number {
  let low = 0;
  let high = 40;
  for (let step = 0; step < 100; step += 1) {
    const middle = (low + high) / 2;
    if (normalUpperTail(middle) > p) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}

/** Wilcoxon signed-rank test, normal approximation with tie and continuity corrections. */
export function signedRankTest(differences: readonly number[]): SignedRankResult {
  const nonZero = differences.filter((d) => d !== 0);
  const n = nonZero.length;
  if (n === 0) return { n, statistic: 0, z: 0, pValue: 1 };

  const order = nonZero.map((d, index) => ({ size: Math.abs(d), positive: d > 0, index }));
  order.sort((a, b) => a.size - b.size);
  let positiveRanks = 0;
  let tieCorrection = 0;
  for (let start = 0; start < n;) {
    let end = start;
    while (end + 1 < n && order[end + 1]!.size === order[start]!.size) end += 1;
    const rank = (start + end + 2) / 2;
    const ties = end - start + 1;
    tieCorrection += ties ** 3 - ties;
    for (let i = start; i <= end; i += 1) if (order[i]!.positive) positiveRanks += rank;
    start = end + 1;
  }

  const mean = (n * (n + 1)) / 4;
  const variance = (n * (n + 1) * (2 * n + 1)) / 24 - tieCorrection / 48;
  const deviation = positiveRanks - mean;
  const corrected = Math.max(0, Math.abs(deviation) - 0.5) * Math.sign(deviation);
  const z = variance > 0 ? corrected / Math.sqrt(variance) : 0;
  const pValue =
    tieCorrection === 0 && n <= EXACT_LIMIT
      ? exactSignedRankP(n, positiveRanks)
      : Math.min(1, 2 * normalUpperTail(Math.abs(z)));
  return { n, statistic: positiveRanks, z, pValue };
}

const EXACT_LIMIT = 400;

/**
 * Exact two-sided p-value of the signed-rank statistic without ties: the null
 * distribution of the positive-rank sum by dynamic programming over ranks (each rank
 * is positive with probability 1/2). The normal approximation is poor in the far
 * tail where small per-look levels sit, so small samples use this.
 */
export function exactSignedRankP(n: number, statistic: number): number {
  const max = (n * (n + 1)) / 2;
  let distribution = new Float64Array(max + 1);
  distribution[0] = 1;
  let reach = 0;
  for (let rank = 1; rank <= n; rank += 1) {
    const next = new Float64Array(max + 1);
    for (let sum = 0; sum <= reach; sum += 1) {
      const p = distribution[sum]! / 2;
      if (p === 0) continue;
      next[sum] = next[sum]! + p;
      next[sum + rank] = next[sum + rank]! + p;
    }
    reach += rank;
    distribution = next;
  }
  const observed = Math.min(statistic, max - statistic);
  let tail = 0;
  for (let sum = 0; sum <= Math.floor(observed); sum += 1) tail += distribution[sum]!;
  return Math.min(1, 2 * tail);
}

/**
 * Hodges-Lehmann shift with the distribution-free interval obtained by inverting the
 * signed-rank test (order statistics of the Walsh averages). O(n²) memory: callers
 * keep n to a few thousand.
 */
export function hodgesLehmann(
  differences: readonly number[],
  confidence: number,
): ShiftEstimate {
  const n = differences.length;
  if (n === 0) return { estimate: 0, low: -Infinity, high: Infinity, confidence };
  const walsh = new Float64Array((n * (n + 1)) / 2);
  let k = 0;
  for (let i = 0; i < n; i += 1) {
    for (let j = i; j < n; j += 1) walsh[k++] = (differences[i]! + differences[j]!) / 2;
  }
  walsh.sort();

  const m = walsh.length;
  const median = m % 2 ? walsh[(m - 1) / 2]! : (walsh[m / 2 - 1]! + walsh[m / 2]!) / 2;
  const z = normalQuantileUpper((1 - confidence) / 2);
  const cut = Math.floor((n * (n + 1)) / 4 - z * Math.sqrt((n * (n + 1) * (2 * n + 1)) / 24));
  if (cut < 0) return { estimate: median, low: -Infinity, high: Infinity, confidence };
  return { estimate: median, low: walsh[cut]!, high: walsh[m - 1 - cut]!, confidence };
}

export function median(values: readonly number[]): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
