/**
 * Spec-scan benchmark. Prints, each against a reference measured in the same run:
 * 1. parse + plan of GitHub's REST description (time, peak RSS) vs JSON.parse alone;
 * 2. a scan of the lab shop API from its spec: requests per operation, and wall time
 *    vs the same number of plain undici requests to the same target.
 * Goals (issue 4): < 3 s and < 300 MB; <= 25 requests per operation; <= 1.3x.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent } from 'undici';
import { runScan } from '../src/scan/run-scan.js';
import { planSpecScan } from '../src/scan/spec-plan.js';
import { ROOT, startLabTarget } from '../test/support/lab.js';
import { median } from './support.js';

const GITHUB = `${ROOT}node_modules/@octokit/openapi/generated/api.github.com.json`;
const LAB_SPEC = 'lab/flask-api/shop_api.openapi.yaml';
const CONCURRENCY = 4;
const ROUNDS = 5;

if (process.argv[2] === '--plan-child') {
  await planChild(process.argv[3]!);
} else {
  planInChildren();
  await scanLab();
}

/** Runs in a fresh process so its peak RSS is the plan's alone. */
async function planChild(mode: string): Promise<void> {
  const started = performance.now();
  let operations = 0;
  if (mode === 'reference') JSON.parse(readFileSync(GITHUB, 'utf8'));
  else
    operations = (await planSpecScan({ spec: GITHUB, target: 'http://127.0.0.1:9' })).endpoints
      .length;
  const ms = performance.now() - started;
  const peakMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify({ ms, peakMb, operations }));
}

function planInChildren(): void {
  const measure = (mode: string) => {
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'bench/spec-bench.ts', '--plan-child', mode],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    );
    if (child.status !== 0) throw new Error(child.stderr);
    return JSON.parse(child.stdout) as { ms: number; peakMb: number; operations: number };
  };
  const reference = measure('reference');
  const plan = measure('plan');
  const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  console.log('GitHub REST description (@octokit/openapi api.github.com.json)');
  console.log(
    `  parse + plan: ${plan.operations} operations in ${seconds(plan.ms)}, ` +
      `peak RSS ${plan.peakMb.toFixed(0)} MB (goals: < 3 s, < 300 MB)`,
  );
  console.log(
    `  reference JSON.parse alone: ${seconds(reference.ms)}, ` +
      `peak RSS ${reference.peakMb.toFixed(0)} MB; ratio ${(plan.ms / reference.ms).toFixed(1)}x`,
  );
}

async function scanLab(): Promise<void> {
  const target = await startLabTarget('lab/flask-api/shop_api.py');
  try {
    const plan = await planSpecScan({ spec: LAB_SPEC, target: target.origin });
    await plainRequests(plan.endpoints, 50);

    // Alternating runs, median of each: the machine is shared, so single timings are noisy.
    const scans: number[] = [];
    const plains: number[] = [];
    let result: Awaited<ReturnType<typeof runScan>>['result'] | undefined;
    for (let round = 0; round < ROUNDS; round += 1) {
      const started = performance.now();
      result = (
        await runScan({
          urls: [target.origin],
          spec: LAB_SPEC,
          method: 'POST',
          safe: false,
          concurrency: CONCURRENCY,
          timeoutMs: 10_000,
          maxResponseBytes: 1024 * 1024,
        })
      ).result;
      scans.push(performance.now() - started);
      plains.push(await plainRequests(plan.endpoints, result.requestsSent));
    }
    const planMs: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const started = performance.now();
      await planSpecScan({ spec: LAB_SPEC, target: target.origin });
      planMs.push(performance.now() - started);
    }
    const operations = result!.endpoints.length;
    const scanMs = median(scans);
    const plainMs = median(plains);

    const sent = result!.requestsSent;
    const list = (values: number[]) => values.map((ms) => ms.toFixed(0)).join(', ');
    console.log(
      `Lab shop API (${LAB_SPEC}), L0, concurrency ${CONCURRENCY}, ` +
        `median of ${ROUNDS} alternating runs`,
    );
    console.log(
      `  ${sent} requests for ${operations} operations (incl. undocumented): ` +
        `${(sent / operations).toFixed(1)} per operation (goal: <= 25)`,
    );
    console.log(
      `  scan wall time ${scanMs.toFixed(0)} ms (load, plan, probe) vs ${sent} plain undici ` +
        `requests ${plainMs.toFixed(0)} ms: ${(scanMs / plainMs).toFixed(2)}x (goal: <= 1.3x)`,
    );
    console.log(
      `  of the scan's time, loading and planning the spec alone takes ` +
        `${median(planMs).toFixed(0)} ms (median)`,
    );
    console.log(
      `  all runs: scan ${list(scans)} ms; plain ${list(plains)} ms; ` +
        `findings ${result!.findings.length}`,
    );
  } finally {
    await target.stop();
  }
}

/** The reference: the same number of requests, same target, same concurrency, no analysis. */
async function plainRequests(
  endpoints: Awaited<ReturnType<typeof planSpecScan>>['endpoints'],
  count: number,
): Promise<number> {
  const agent = new Agent({ connections: CONCURRENCY });
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let index = next++; index < count; index = next++) {
        const endpoint = endpoints[index % endpoints.length]!;
        const url = new URL(endpoint.url);
        const response = await agent.request({
          origin: url.origin,
          path: `${url.pathname}${url.search}`,
          method: endpoint.method,
          headers: endpoint.headers.flat(),
          body: endpoint.method === 'GET' ? undefined : endpoint.body,
        });
        await response.body.arrayBuffer();
      }
    }),
  );
  const ms = performance.now() - started;
  await agent.close();
  return ms;
}
