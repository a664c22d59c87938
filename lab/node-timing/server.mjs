// Keep-alive Node receiver whose rejection time is set by LAB_TIMING_MODE, like
// lab/flask-timing/timing_target.py: secure | first-byte | per-byte | format, with
// LAB_DELAY_US. Binds a free loopback port and prints `LISTENING <port>`.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { Buffer } from 'node:buffer';

const SECRET = process.env.LAB_SECRET ?? 'lab-secret-7d1c0b6e2f';
const MODE = process.env.LAB_TIMING_MODE ?? 'secure';
const DELAY_NS = BigInt(Math.round(Number(process.env.LAB_DELAY_US ?? '0') * 1000));
const PREFIX = 'HMAC_SHA256=';

// Busy-wait on the wall clock: a timer would round up to the event loop's tick.
function spin(nanoseconds) {
  const end = process.hrtime.bigint() + nanoseconds;
  while (process.hrtime.bigint() < end);
}

function matches(expected, got) {
  if (MODE === 'format' && got.length === expected.length) spin(DELAY_NS);
  if (MODE === 'secure' || MODE === 'format') {
    const a = Buffer.from(expected);
    const b = Buffer.from(got);
    return a.length === b.length && timingSafeEqual(a, b);
  }
  if (got.length !== expected.length) return false;
  if (MODE === 'first-byte') {
    if (got[0] === expected[0]) spin(DELAY_NS);
    return timingSafeEqual(Buffer.from(expected), Buffer.from(got));
  }
  for (let i = 0; i < expected.length; i += 1) {
    if (expected[i] !== got[i]) return false;
    spin(DELAY_NS);
  }
  return true;
}

const server = createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    const body = Buffer.concat(chunks);
    const header = request.headers['x-webhook-signature'] ?? '';
    const expected = createHmac('sha256', SECRET).update(body).digest('hex');
    const ok = header.startsWith(PREFIX) && matches(expected, header.slice(PREFIX.length));
    const answer = JSON.stringify(ok ? { ok: true } : { error: 'invalid signature' });
    response.writeHead(ok ? 200 : 401, { 'Content-Type': 'application/json' });
    response.end(answer);
  });
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`LISTENING ${server.address().port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
