// An Express receiver for Adyen notification batches that verifies every item.
//
// Adyen sends several NotificationRequestItems in one delivery, each signed on its own
// (HMAC-SHA256 under the hex key, base64, in additionalData.hmacSignature). The tests
// run this file as a lab target and scan it with `--scheme adyen`; its `sigprobe-fix:`
// regions are the snippets sigprobe shows. Key: ADYEN_HMAC_KEY (hex).
// sigprobe-fix: *
import { Buffer } from 'node:buffer';
import { createHmac, timingSafeEqual } from 'node:crypto';
import express from 'express';
// sigprobe-fix-end

const app = express();
const processedReferences = new Set();

// sigprobe-fix: verify-every-item
const HMAC_KEY = Buffer.from(process.env.ADYEN_HMAC_KEY ?? '', 'hex');
if (HMAC_KEY.length === 0) throw new Error('ADYEN_HMAC_KEY is not set');

function signedString(item) {
  // The eight fields Adyen signs, in its order; a missing field is an empty string.
  const amount = item.amount ?? {};
  return [
    item.pspReference,
    item.originalReference,
    item.merchantAccountCode,
    item.merchantReference,
    amount.value,
    amount.currency,
    item.eventCode,
    item.success,
  ]
    .map((field) => (field === undefined || field === null ? '' : String(field)))
    .join(':');
}

function itemSigned(item) {
  if (typeof item !== 'object' || item === null) return false;
  const given = item.additionalData?.hmacSignature;
  if (typeof given !== 'string') return false;
  const received = Buffer.from(given, 'base64');
  const expected = createHmac('sha256', HMAC_KEY).update(signedString(item)).digest();
  return received.length === expected.length && timingSafeEqual(expected, received);
}

app.post('/adyen/notifications', express.json({ limit: '1mb' }), (req, res) => {
  const entries = req.body?.notificationItems;
  if (!Array.isArray(entries) || entries.length === 0) {
    return res.status(401).json({ error: 'invalid signature' });
  }
  const items = entries.map((entry) => entry?.NotificationRequestItem);
  // Every item is verified before any is acted on; one bad item refuses the delivery.
  if (!items.every(itemSigned)) return res.status(401).json({ error: 'invalid signature' });
  const fresh = items.filter((item) => !processedReferences.has(item.pspReference));
  if (fresh.length === 0) return res.status(409).json({ error: 'duplicate notification' });
  for (const item of fresh) processedReferences.add(item.pspReference);
  return res.json({ notificationResponse: '[accepted]', processed: fresh.length });
});
// sigprobe-fix-end

// A body Express cannot parse gets the same generic answer as a bad signature.
app.use((error, _req, res, _next) => res.status(401).json({ error: 'invalid signature' }));

const server = app.listen(0, '127.0.0.1', () => {
  process.stdout.write(`LISTENING ${server.address().port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
