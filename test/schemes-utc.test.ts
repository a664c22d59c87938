import assert from 'node:assert/strict';
import { test } from 'node:test';
import { basicTimestamp, isoTimestamp } from '../src/schemes/utc.js';

const viaDate = (seconds: number) => new Date(seconds * 1000).toISOString();

test('isoTimestamp and basicTimestamp match Date#toISOString', () => {
  const samples: number[] = [0, 59, 86_399, 951_782_400, 1_760_000_000, 4_107_542_399];
  // Every day's first, middle and last second from 1970 to 2200 (leap years, 2000, 2100).
  for (let day = 0; day < 84_000; day += 1)
    samples.push(day * 86_400, day * 86_400 + 43_210, day * 86_400 + 86_399);
  samples.push(253_402_300_799); // 9999-12-31T23:59:59Z, the last four-digit year
  for (const seconds of samples) {
    const iso = viaDate(seconds);
    assert.equal(isoTimestamp(seconds), iso, `iso ${seconds}`);
    assert.equal(
      basicTimestamp(seconds),
      iso.replace(/[-:]/g, '').replace(/\.\d{3}/, ''),
      `basic ${seconds}`,
    );
  }
});

test('outside whole seconds 1970-9999 the Date formats it', () => {
  for (const seconds of [-1, -62_167_219_200, 1.25, 1_760_000_000.5, 253_402_300_800]) {
    assert.equal(isoTimestamp(seconds), viaDate(seconds));
  }
  assert.equal(basicTimestamp(1_760_000_000.5), '20251009T085320Z');
  assert.throws(() => isoTimestamp(Number.NaN), RangeError);
  assert.throws(() => basicTimestamp(Number.NaN), RangeError);
});
