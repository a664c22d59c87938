// An Express receiver for Adyen notification batches on Adyen's own library.
//
// @adyen/api-library's HmacValidator checks each NotificationRequestItem; this
// receiver runs it on every item before acting on any. The tests run this file as a
// lab target and scan it with `--scheme adyen`; its `sigprobe-fix:` regions are the
// snippets sigprobe shows. Key: ADYEN_HMAC_KEY (hex, as the Customer Area shows it).
// sigprobe-fix: *
import adyen from '@adyen/api-library';
import express from 'express';
// sigprobe-fix-end

const app = express();
const processedReferences = new Set();

// sigprobe-fix: verify-every-item
const HMAC_KEY = process.env.ADYEN_HMAC_KEY ?? '';
if (!/^[0-9a-fA-F]{64}$/.test(HMAC_KEY)) throw new Error('ADYEN_HMAC_KEY is not a hex key');
const validator = new adyen.hmacValidator();

function itemSigned(item) {
  try {
    return typeof item === 'object' && item !== null && validator.validateHMAC(item, HMAC_KEY);
  } catch {
    // validateHMAC throws when an item has no hmacSignature: that is a refusal too.
    return false;
  }
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
