// GitHub receiver using @octokit/webhooks-methods as GitHub documents it, plus
// idempotency on the event id (GitHub signs no timestamp, so replays are ours to stop).
import { verify } from '@octokit/webhooks-methods';
import { firstDelivery, SECRET, serve } from './_server.mjs';

serve('/github', async (req, raw) => {
  const signature = req.headers['x-hub-signature-256'];
  if (
    typeof signature !== 'string' ||
    !(await verify(SECRET, raw.toString('utf8'), signature).catch(() => false))
  ) {
    return [401, { error: 'invalid signature' }];
  }
  if (!firstDelivery(raw)) return [409, { error: 'duplicate delivery' }];
  return [200, { ok: true }];
});
