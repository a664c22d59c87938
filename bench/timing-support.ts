import { compareClasses } from '../src/analysis/timing/compare.js';
import type { ComparisonResult } from '../src/analysis/timing/compare.js';
import { HttpEngine } from '../src/http/engine.js';
import { Scope } from '../src/http/scope.js';
import type { HttpRequest } from '../src/model/http.js';
import { getHeader, withHeader } from '../src/model/http.js';
import { createScheme } from '../src/schemes/registry.js';
import { median } from '../src/analysis/timing/stats.js';

export const LAB_SECRET = 'lab-secret-7d1c0b6e2f';

/** A signed request to the lab's /webhook, and copies wrong in its first or last digit. */
export function byteClasses(origin: string): { first: HttpRequest; last: HttpRequest } {
  const scheme = createScheme('plain');
  const request: HttpRequest = {
    method: 'POST',
    url: `${origin}/webhook`,
    headers: [['Content-Type', 'application/json']],
    body: Buffer.from(JSON.stringify({ id: 'evt_bench', type: 'sigprobe.test' })),
  };
  const signed = scheme.sign(request, { secret: Buffer.from(LAB_SECRET) });
  const value = getHeader(signed.headers, scheme.signatureHeader)!;
  const flip = (index: number) => {
    const char = value[index] === '0' ? '1' : '0';
    const altered = value.slice(0, index) + char + value.slice(index + 1);
    return { ...signed, headers: withHeader(signed.headers, scheme.signatureHeader, altered) };
  };
  return { first: flip(value.indexOf('=') + 1), last: flip(value.length - 1) };
}

/** One comparison, wrong-last vs wrong-first byte, through the scanner's timing channel. */
export async function measureOnce(
  origin: string,
  budget: number,
  alpha: number,
): Promise<ComparisonResult> {
  const engine = new HttpEngine({
    scope: new Scope([origin]),
    concurrency: 1,
    timeoutMs: 10_000,
    maxResponseBytes: 65536,
  });
  const channel = engine.timingChannel(origin);
  const { first, last } = byteClasses(origin);
  try {
    return await compareClasses(channel, {
      name: 'wrong-last-byte vs wrong-first-byte',
      slow: { name: 'wrong-last-byte', request: last },
      fast: { name: 'wrong-first-byte', request: first },
      budget,
      alpha,
      materialMicros: 0,
      resolutionMicros: 2,
    });
  } finally {
    await channel.close();
    await engine.close();
  }
}

/** Median time of plain wrong-signature requests on one connection (the same-run reference). */
export async function plainLatency(origin: string, count: number): Promise<number> {
  const engine = new HttpEngine({
    scope: new Scope([origin]),
    concurrency: 1,
    timeoutMs: 10_000,
    maxResponseBytes: 65536,
  });
  const channel = engine.timingChannel(origin);
  const { first } = byteClasses(origin);
  const times: number[] = [];
  try {
    for (let index = 0; index < count; index += 1)
      times.push((await channel.send(first)).micros);
  } finally {
    await channel.close();
    await engine.close();
  }
  return median(times);
}
