// Twilio receiver using the twilio library's validators: form posts with
// validateRequest, JSON posts with validateRequestWithBody (bodySHA256). The URL is
// rebuilt from the Host header the server received, never from X-Forwarded-Host.
import { URLSearchParams } from 'node:url';
import twilio from 'twilio';
import { firstDelivery, SECRET, serve } from './_server.mjs';

serve('/twilio', async (req, raw) => {
  const url = `http://${req.headers.host}${req.url}`;
  const signature = String(req.headers['x-twilio-signature'] ?? '');
  const form = String(req.headers['content-type'] ?? '').includes(
    'application/x-www-form-urlencoded',
  );
  const valid = form
    ? twilio.validateRequest(
        SECRET,
        signature,
        url,
        Object.fromEntries(new URLSearchParams(raw.toString('utf8'))),
      )
    : url.includes('bodySHA256=') &&
      twilio.validateRequestWithBody(SECRET, signature, url, raw.toString('utf8'));
  if (!valid) return [403, { error: 'invalid signature' }];
  if (!firstDelivery(raw)) return [409, { error: 'duplicate' }];
  return [200, { ok: true }];
});
