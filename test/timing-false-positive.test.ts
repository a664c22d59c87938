import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runScan } from '../src/scan/run-scan.js';
import { TIMING_ALPHA } from '../src/checks/timing-discrepancy.js';
import { LAB_SECRET } from './support/lab.js';
import type { LabTarget } from './support/lab.js';
import { startNodeTarget } from './support/node-lab.js';

// The design false-positive rate is TIMING_ALPHA (0.1%) per endpoint, so 50 runs on a
// correct receiver should all stay silent (a single report has probability < 5% even
// at the design bound; the looks' Bonferroni split makes the real rate lower). The
// machine running this is usually busy: that noise is part of what is tested.
const RUNS = 50;

describe('timing-discrepancy on a constant-time receiver', () => {
  let target: LabTarget;
  before(async () => {
    target = await startNodeTarget('lab/node-timing/server.mjs', { LAB_TIMING_MODE: 'secure' });
  });
  after(async () => target.stop());

  it(`given ${RUNS} scans with the secret (wrong-last vs wrong-first byte, wrong vs absent), should never report`, async () => {
    const decisions: string[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      const { result } = await runScan({
        urls: [`${target.origin}/webhook`],
        method: 'POST',
        scheme: 'plain',
        secret: Buffer.from(LAB_SECRET),
        safe: false,
        only: ['timing-discrepancy'],
        concurrency: 2,
        timeoutMs: 10_000,
        maxResponseBytes: 65536,
        tuning: { timing: true, timingBudget: 240 },
      });
      const timing = result.checks.find((c) => c.checkId === 'timing-discrepancy');
      assert.equal(timing?.status, 'ran', JSON.stringify(timing));
      // The comparisons really ran: the budget was spent on measurements, not skipped.
      assert.ok(result.requestsSent >= 200, `only ${result.requestsSent} requests`);
      decisions.push(...result.findings.map((f) => `${run}: ${f.message}`));
    }
    assert.deepEqual(
      decisions,
      [],
      `reported on a secure target (design rate ${TIMING_ALPHA})`,
    );
  });
});

describe('timing-discrepancy with a small budget on a leaking receiver', () => {
  let target: LabTarget;
  before(async () => {
    target = await startNodeTarget('lab/node-timing/server.mjs', {
      LAB_TIMING_MODE: 'per-byte',
      LAB_DELAY_US: '3',
    });
  });
  after(async () => target.stop());

  it('given an early-exit comparison costing 3 µs per digit, should report it with its statistics', async () => {
    const { result } = await runScan({
      urls: [`${target.origin}/webhook`],
      method: 'POST',
      scheme: 'plain',
      secret: Buffer.from(LAB_SECRET),
      safe: false,
      only: ['timing-discrepancy'],
      concurrency: 2,
      timeoutMs: 10_000,
      maxResponseBytes: 65536,
      tuning: { timing: true, timingBudget: 400 },
    });
    const finding = result.findings.find((f) => f.id === 'timing-discrepancy');
    assert.ok(finding, JSON.stringify(result.checks));
    assert.equal(finding.severity, 'medium');
    const comparison = finding.details?.comparison as Record<string, unknown>;
    assert.equal(comparison.name, 'wrong-last-byte vs wrong-first-byte');
    assert.ok((comparison.pValue as number) < (comparison.alphaPerLook as number));
    assert.ok((comparison.intervalMicros as number[])[0]! > 0);
    assert.ok(!JSON.stringify(result).includes(LAB_SECRET));
  });
});
