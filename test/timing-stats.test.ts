import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lookSchedule, censoredDifferences } from '../src/analysis/timing/compare.js';
import {
  exactSignedRankP,
  hodgesLehmann,
  normalUpperTail,
  signedRankTest,
} from '../src/analysis/timing/stats.js';

// A small deterministic generator, so the tables below are the same on every run.
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return state / 2 ** 32;
  };
}

describe('timing statistics', () => {
  const tails: Array<[number, number]> = [
    [0, 0.5],
    [1.959964, 0.025],
    [3.290527, 0.0005],
    [4.264891, 0.00001],
  ];
  for (const [z, expected] of tails) {
    it(`given z = ${z}, should give the standard normal upper tail ${expected}`, () => {
      assert.ok(Math.abs(normalUpperTail(z) - expected) / expected < 1e-4);
    });
  }

  const exact: Array<[number, number, number]> = [
    // n, W+, two-sided p from the exact null distribution (counted by hand for n = 3, 4).
    [3, 0, 2 / 8],
    [4, 0, 2 / 16],
    [4, 1, 4 / 16],
    [10, 55, 2 / 1024],
  ];
  for (const [n, statistic, expected] of exact) {
    it(`given n = ${n} and W+ = ${statistic}, should give the exact p = ${expected}`, () => {
      assert.ok(Math.abs(exactSignedRankP(n, statistic) - expected) < 1e-12);
    });
  }

  it('given differences shifted by 5 with symmetric noise, should estimate about 5 and reject no shift', () => {
    const random = generator(7);
    const differences = Array.from({ length: 300 }, () => 5 + (random() - 0.5) * 20);
    const shift = hodgesLehmann(differences, 0.999);
    assert.ok(shift.low > 0 && shift.high > 5 && shift.low < 5, JSON.stringify(shift));
    assert.ok(signedRankTest(differences).pValue < 1e-6);
  });

  it('given heavy-tailed noise with no shift, should keep the per-look false-positive rate at alpha', () => {
    const random = generator(11);
    const alpha = 0.01;
    let rejections = 0;
    const trials = 400;
    for (let trial = 0; trial < trials; trial += 1) {
      // Pareto-like queueing delays added to both requests of a pair.
      const noise = () => 100 / Math.max(1e-6, random()) ** 0.8;
      const slow = Array.from({ length: 200 }, noise);
      const fast = Array.from({ length: 200 }, noise);
      if (signedRankTest(censoredDifferences(slow, fast)).pValue < alpha) rejections += 1;
    }
    // Binomial(400, 0.01): mean 4; more than 12 would happen with probability < 0.1%.
    assert.ok(rejections <= 12, `${rejections} of ${trials} rejected`);
  });

  it('given a budget, should plan looks that double from 50 and end at the budget', () => {
    assert.deepEqual(lookSchedule(300), [50, 100, 200, 300]);
    assert.deepEqual(lookSchedule(5), []);
  });
});
