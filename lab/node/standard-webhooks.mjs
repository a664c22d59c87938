// Standard Webhooks receiver using the reference `standardwebhooks` library (it checks
// the signature, the 5-minute timestamp tolerance) plus dedupe by webhook-id.
import { Webhook } from 'standardwebhooks';
import { serve } from './_server.mjs';

const webhook = new Webhook(process.env.LAB_WHSEC ?? '');
const seen = new Set();

serve('/standard', async (req, raw) => {
  try {
    webhook.verify(raw.toString('utf8'), req.headers);
  } catch {
    return [401, { error: 'invalid signature' }];
  }
  const id = String(req.headers['webhook-id']);
  if (seen.has(id)) return [409, { error: 'duplicate message' }];
  seen.add(id);
  return [204, {}];
});
