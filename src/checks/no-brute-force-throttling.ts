import { sameAnswer } from '../analysis/fingerprint.js';
import { median } from '../analysis/timing/stats.js';
import type { Exchange } from '../model/http.js';
import { getHeader } from '../model/http.js';
import { rejectionReference } from './support/baseline.js';
import { OWASP } from './support/owasp.js';
import type { Check } from './types.js';

// A tarpit slows answers a lot: the last third must take twice as long as the first
// third and 50 ms more, so scheduler noise on a busy machine never reads as throttling.
const SLOWDOWN_FACTOR = 2;
const SLOWDOWN_MARGIN_MS = 50;

/** A bounded burst of wrong signatures that is never slowed, refused or locked out. */
export const noBruteForceThrottling: Check = {
  meta: {
    id: 'no-brute-force-throttling',
    title: 'Failed signatures are not throttled',
    proves:
      'a burst of wrong signatures was answered in full, with no 429, Retry-After, ' +
      'slowdown or lockout',
    severity: 'medium',
    cwe: [307],
    owasp: OWASP.resourceConsumption,
    level: 'L0',
    remediation: 'throttle-failed-verification',
    sends: ['burst'],
    // Last of all: a lockout it triggers must not change what other checks see.
    phase: 'exclusive',
    profile: 'deep',
  },

  async run(context) {
    const baseline = await context.baseline();
    const reference = rejectionReference(baseline);
    if (!reference || reference !== baseline.forged) return [];

    const size = context.tuning.burst;
    const burst: Exchange[] = [];
    const started = performance.now();
    for (let index = 1; index <= size; index += 1) {
      // One at a time: concurrency would look like slowdown, and the --rate limiter
      // still spaces the requests as the user asked.
      const exchange = await context.send(
        `burst: wrong signature ${index} of ${size}`,
        context.forged(),
        'forged',
      );
      burst.push(exchange);
      if (throttleSign(exchange, reference)) return [];
    }
    const seconds = (performance.now() - started) / 1000;

    const times = burst.map((e) => e.totalMs ?? 0);
    const third = Math.max(1, Math.floor(size / 3));
    const early = median(times.slice(0, third));
    const late = median(times.slice(-third));
    if (late > early * SLOWDOWN_FACTOR + SLOWDOWN_MARGIN_MS) return [];

    const status = reference.response?.status;
    return [
      {
        message:
          `${size} requests with different wrong ${context.scheme.signatureHeader} values ` +
          `were sent one after another in ${seconds.toFixed(1)} s ` +
          `(${(size / seconds).toFixed(1)} per second); every one was answered HTTP ${status} ` +
          'like the first, with no 429, Retry-After or lockout, and answers did not slow ' +
          `down (median ${early.toFixed(1)} ms in the first third, ` +
          `${late.toFixed(1)} ms in the last).`,
        basis: 'each answer of the burst matched the wrong-signature reference',
        confidence: 'high',
        probes: [burst[0]!, burst[burst.length - 1]!],
        references: [reference],
        details: {
          sent: size,
          seconds: Math.round(seconds * 100) / 100,
          status,
          medianMsFirstThird: Math.round(early * 10) / 10,
          medianMsLastThird: Math.round(late * 10) / 10,
        },
      },
    ];
  },
};

/** 429, Retry-After, or any answer other than the plain rejection (a lockout page, 503). */
function throttleSign(exchange: Exchange, reference: Exchange): boolean {
  const response = exchange.response;
  if (!response) return true;
  if (response.status === 429 || getHeader(response.headers, 'retry-after') !== undefined)
    return true;
  return !sameAnswer(exchange, reference);
}
