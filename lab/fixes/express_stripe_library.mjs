// An Express receiver for Stripe webhooks that verifies with Stripe's own SDK,
// `stripe` (webhooks.constructEvent). Like the other receivers in lab/fixes/, each
// `sigprobe-fix: <key>` region is a snippet sigprobe shows, and the tests run and scan
// this file. Signature: Stripe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of
// "<t>.<raw body>">, keyed with the endpoint's whsec_ secret as written.
// sigprobe-fix: *
import { Buffer } from 'node:buffer';
import express from 'express';
import Stripe from 'stripe';
// sigprobe-fix-end

const app = express();
const events = [];

// sigprobe-fix: remove-bypass-switches
// The endpoint secret comes from the server's configuration; nothing in a request can
// switch verification off or pick another secret.
const ENDPOINT_SECRET = process.env.STRIPE_WEBHOOK_SECRET ?? '';
if (!ENDPOINT_SECRET.startsWith('whsec_')) throw new Error('STRIPE_WEBHOOK_SECRET is not set');
// sigprobe-fix-end

// sigprobe-fix: verify-every-request reject-wrong-signature bound-timestamps
// sigprobe-fix: verify-before-processing reject-replays generic-rejection
// constructEvent checks the v1 signature over "<t>.<raw body>" in constant time and
// refuses a t more than TOLERANCE seconds old; it throws on any failure. It does not
// refuse a t in the future, so that bound is added here.
const TOLERANCE_SECONDS = 300;

function lastTimestamp(header) {
  // The SDK signs and checks the last t= of the header; this reads the same one.
  const values = header.split(',').filter((part) => part.startsWith('t='));
  return Number.parseInt(values.at(-1)?.slice(2) ?? '', 10);
}

function verifiedStripeEvent(rawBody, header) {
  if (typeof header !== 'string' || header === '' || rawBody.length === 0) return undefined;
  try {
    const event = Stripe.webhooks.constructEvent(
      rawBody,
      header,
      ENDPOINT_SECRET,
      TOLERANCE_SECONDS,
    );
    const ahead = lastTimestamp(header) - Math.floor(Date.now() / 1000);
    if (!(ahead <= TOLERANCE_SECONDS)) return undefined;
    return event;
  } catch {
    return undefined;
  }
}

// Stripe may deliver an event more than once: act on each event id once. An event
// without an id is keyed by its signature, so a captured request is still refused.
const seenEvents = new Set();

function requireStripeSignature(req, res, next) {
  const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  const header = req.get('Stripe-Signature');
  const event = verifiedStripeEvent(body, header);
  // One short answer for every failure: which check failed stays in the server.
  if (!event) return res.status(401).json({ error: 'invalid signature' });
  const key = typeof event.id === 'string' ? `id:${event.id}` : `sig:${header}`;
  if (seenEvents.has(key)) return res.status(409).json({ error: 'duplicate event' });
  seenEvents.add(key);
  res.locals.event = event;
  return next();
}
// sigprobe-fix-end

// sigprobe-fix: verify-every-request verify-before-processing generic-rejection
// Raw bytes in (the signature is over them), verification before the handler, and
// every other method gets 405. A body Express cannot read is refused like a bad
// signature.
const rawBody = express.raw({ type: () => true, limit: '1mb' });

app.post('/stripe/webhook', rawBody, requireStripeSignature, (req, res) => {
  events.push(res.locals.event);
  res.json({ received: true });
});
app.all('/stripe/webhook', (_req, res) => {
  res.set('Allow', 'POST').status(405).json({ error: 'method not allowed' });
});
app.use((_error, _req, res, _next) => res.status(401).json({ error: 'invalid signature' }));
// sigprobe-fix-end

const server = app.listen(0, '127.0.0.1', () => {
  process.stdout.write(`LISTENING ${server.address().port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
