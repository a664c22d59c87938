/**
 * Scan overhead: a full L0 scan of lab targets against the same number of plain
 * undici requests to the same target, same concurrency, measured alternately in one
 * run. The ratio is what sigprobe's planning, judging and bookkeeping cost on top of
 * the network.
 */
import { Agent } from 'undici';
import { runScan } from '../src/scan/run-scan.js';
import { median, startLab } from './support.js';

const ROUNDS = 11;
const CONCURRENCY = 4;
const TARGETS = [
  'lab/flask/secure_basic.py',
  'lab/flask/methods_partial.py',
  'lab/flask/test_switch.py',
];

async function scanOnce(url: string): Promise<{ ms: number; requests: number }> {
  const started = performance.now();
  const { result } = await runScan({
    urls: [url],
    method: 'POST',
    scheme: 'plain',
    safe: false,
    concurrency: CONCURRENCY,
    timeoutMs: 10_000,
    maxResponseBytes: 1 << 20,
  });
  return { ms: performance.now() - started, requests: result.requestsSent };
}

async function plainOnce(url: string, count: number): Promise<number> {
  const agent = new Agent({ connections: CONCURRENCY });
  const body = JSON.stringify({
    id: 'evt_bench',
    type: 'bench',
    data: { object: { id: 'x' } },
  });
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) {
        next += 1;
        const response = await agent.request({
          origin: new URL(url).origin,
          path: new URL(url).pathname,
          method: 'POST',
          body,
          headers: {
            'content-type': 'application/json',
            'x-webhook-signature': 'HMAC_SHA256=00',
          },
        });
        await response.body.arrayBuffer();
      }
    }),
  );
  const ms = performance.now() - started;
  await agent.close();
  return ms;
}

console.log(
  `scan overhead: ${ROUNDS} rounds per target, concurrency ${CONCURRENCY}; ` +
    'times are medians, the ratio is the median of per-round ratios\n',
);
console.log('target                         requests  scan ms  plain ms  ratio (goal <= 1.3)');
for (const file of TARGETS) {
  const lab = await startLab(file);
  const url = `${lab.origin}/webhook`;
  const scans: number[] = [];
  const plains: number[] = [];
  const ratios: number[] = [];
  let requests = 0;
  try {
    await scanOnce(url);
    for (let round = 0; round < ROUNDS; round += 1) {
      const scan = await scanOnce(url);
      requests = scan.requests;
      scans.push(scan.ms);
      plains.push(await plainOnce(url, scan.requests));
      // Paired per round: both halves see the same machine load.
      ratios.push(scan.ms / plains.at(-1)!);
    }
  } finally {
    lab.child.kill();
  }
  const ratio = median(ratios);
  const name = file.replace('lab/flask/', '').padEnd(30);
  console.log(
    `${name} ${String(requests).padStart(8)}  ${median(scans).toFixed(0).padStart(7)}  ` +
      `${median(plains).toFixed(0).padStart(8)}  ${ratio.toFixed(2)}`,
  );
}
