// Slack receiver using Bolt's own request verification (5-minute window) and
// handling each event id once.
import { isValidSlackRequest } from '@slack/bolt';
import { firstDelivery, SECRET, serve } from './_server.mjs';

serve('/slack/events', async (req, raw) => {
  const valid = isValidSlackRequest({
    signingSecret: SECRET,
    body: raw.toString('utf8'),
    headers: {
      'x-slack-signature': String(req.headers['x-slack-signature'] ?? ''),
      'x-slack-request-timestamp': Number(req.headers['x-slack-request-timestamp']),
    },
  });
  if (!valid) return [401, { error: 'invalid signature' }];
  if (!firstDelivery(raw)) return [409, { error: 'duplicate event' }];
  return [200, { ok: true }];
});
