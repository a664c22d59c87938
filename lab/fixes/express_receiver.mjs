// An Express webhook receiver that verifies signed requests correctly.
//
// Each `sigprobe-fix: <key>` region is the fix sigprobe shows for that remediation key;
// the tests run this file as a lab target and scan it, so every snippet is proven in a
// real receiver. Signature: X-Webhook-Signature: HMAC_SHA256=<hex HMAC-SHA256 of the raw
// body>, the secret from the WEBHOOK_SECRET environment variable.
// sigprobe-fix: *
import { Buffer } from 'node:buffer';
import { createHmac, timingSafeEqual } from 'node:crypto';
import express from 'express';
// sigprobe-fix-end

const app = express();
const deliveries = [];

// sigprobe-fix: remove-bypass-switches
// The secret and every setting come from the server's configuration. Nothing in a
// request (query flag, header, body field, client address) can switch verification
// off; to test locally, sign test requests with a test secret instead.
const SECRET = Buffer.from(process.env.WEBHOOK_SECRET ?? '', 'utf8');
if (SECRET.length === 0) throw new Error('WEBHOOK_SECRET is not set');
// sigprobe-fix-end

// sigprobe-fix: strict-signature-format reject-wrong-signature verify-every-request
// sigprobe-fix: compare-full-signature constant-time-verification one-algorithm-only
const SIGNATURE_FORMAT = /^HMAC_SHA256=([0-9a-f]{64})$/;

function signatureValid(rawBody, header) {
  // Strict format first: the tag, then exactly 64 lowercase hex digits.
  const match = SIGNATURE_FORMAT.exec(typeof header === 'string' ? header : '');
  if (!match) return false;
  const expected = createHmac('sha256', SECRET).update(rawBody).digest();
  const received = Buffer.from(match[1], 'hex');
  // Same length is guaranteed by the format; compare in constant time.
  return timingSafeEqual(expected, received);
}
// sigprobe-fix-end

// sigprobe-fix: reject-replays
// A delivery is acted on once: a validly signed request seen before (the same
// signature over the same bytes) is refused, so a captured request cannot be replayed.
// In production keep this set in shared storage (Redis, the database) with an expiry
// longer than the sender's retry window.
const seenSignatures = new Set();

function firstDelivery(signature) {
  if (seenSignatures.has(signature)) return false;
  seenSignatures.add(signature);
  return true;
}
// sigprobe-fix-end

// sigprobe-fix: verify-every-request verify-before-processing generic-rejection
// sigprobe-fix: reject-replays enforce-spec-security
// express.raw keeps the exact bytes (the HMAC covers them) and parses nothing.
const rawBody = express.raw({ type: () => true, limit: '1mb' });

function requireSignature(req, res, next) {
  const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  if (!signatureValid(body, req.get('X-Webhook-Signature'))) {
    // One generic answer for missing, empty, malformed and wrong signatures.
    return res.status(401).json({ error: 'invalid signature' });
  }
  if (!firstDelivery(req.get('X-Webhook-Signature'))) {
    return res.status(409).json({ error: 'duplicate delivery' });
  }
  return next();
}
// sigprobe-fix-end

// sigprobe-fix: use-https
// TLS ends at the proxy in front of the app; trusting exactly one proxy hop lets
// req.secure say whether the sender used HTTPS.
app.set('trust proxy', 1);
const plainHttpAllowed = process.env.WEBHOOK_ALLOW_PLAIN_HTTP === '1'; // local runs only

app.use((req, res, next) => {
  if (!req.secure && !plainHttpAllowed) return res.status(403).json({ error: 'use https' });
  return next();
});
// sigprobe-fix-end

// sigprobe-fix: verify-all-methods require-authentication
// Every signed route is registered through this helper: POST passes the signature
// check first, every other method (and no method-override header) gets 405.
function signedPost(path, handler) {
  app.post(path, rawBody, requireSignature, handler);
  app.all(path, (req, res) => {
    res.set('Allow', 'POST').status(405).json({ error: 'method not allowed' });
  });
}
// sigprobe-fix-end

// sigprobe-fix: verify-before-processing
// JSON is parsed only after requireSignature has accepted the raw bytes.
signedPost('/webhook', (req, res) => {
  let event;
  try {
    event = JSON.parse(req.body.toString('utf8'));
  } catch {
    return res.status(400).json({ error: 'invalid JSON' });
  }
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    return res.status(400).json({ error: 'invalid JSON' });
  }
  deliveries.push(event);
  return res.json({ ok: true });
});
// sigprobe-fix-end

// sigprobe-fix: require-authentication
// Every state-changing route carries the same check, not only the main one.
signedPost('/webhook/redeliver', (req, res) => {
  res.json({ ok: true, queued: deliveries.length });
});
// sigprobe-fix-end

const server = app.listen(0, '127.0.0.1', () => {
  process.stdout.write(`LISTENING ${server.address().port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
