// An Express receiver for Slack requests (Events API, slash commands, interactivity)
// that verifies with Bolt's own check, isValidSlackRequest from @slack/bolt. Like the
// other receivers in lab/fixes/, each `sigprobe-fix: <key>` region is a snippet
// sigprobe shows, and the tests run and scan this file. Signature:
// X-Slack-Signature: v0=<hex HMAC-SHA256 of "v0:<X-Slack-Request-Timestamp>:<raw body>">.
// sigprobe-fix: *
import { Buffer } from 'node:buffer';
import { URLSearchParams } from 'node:url';
import { TextDecoder } from 'node:util';
import { isValidSlackRequest } from '@slack/bolt';
import express from 'express';
// sigprobe-fix-end

const app = express();
const events = [];

// sigprobe-fix: remove-bypass-switches
// The signing secret comes from the server's configuration; nothing in a request can
// switch verification off.
const SIGNING_SECRET = process.env.SLACK_SIGNING_SECRET ?? '';
if (SIGNING_SECRET === '') throw new Error('SLACK_SIGNING_SECRET is not set');
// sigprobe-fix-end

// sigprobe-fix: verify-every-request reject-wrong-signature bound-timestamps
// sigprobe-fix: verify-before-processing reject-replays generic-rejection
// isValidSlackRequest compares the v0 signature in constant time and refuses a
// timestamp more than 5 minutes old. It lets a future one through, so that side of
// the 5-minute window is checked here. The body is decoded strictly: bytes that are
// not UTF-8 are refused, not "repaired" into a string that was never signed.
const WINDOW_SECONDS = 5 * 60;
const utf8 = new TextDecoder('utf-8', { fatal: true });

function slackRequestValid(rawBody, signature, timestamp) {
  if (typeof signature !== 'string' || !/^\d{1,12}$/.test(timestamp ?? '')) return false;
  const seconds = Number(timestamp);
  if (seconds - Math.floor(Date.now() / 1000) > WINDOW_SECONDS) return false;
  try {
    return isValidSlackRequest({
      signingSecret: SIGNING_SECRET,
      body: utf8.decode(rawBody),
      headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': seconds },
    });
  } catch {
    return false;
  }
}

// Slack retries an event until it is acknowledged: act on each event_id once. A
// request without one (a slash command) is keyed by its timestamp and signature, so
// a captured request is refused when it comes again inside the window.
const seenRequests = new Set();

function requireSlackSignature(req, res, next) {
  const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  const signature = req.get('X-Slack-Signature');
  const timestamp = req.get('X-Slack-Request-Timestamp');
  // One short answer for every failure: which check failed stays in the server.
  if (!slackRequestValid(body, signature, timestamp)) {
    return res.status(401).json({ error: 'invalid signature' });
  }
  let eventId;
  try {
    eventId = JSON.parse(body.toString('utf8'))?.event_id;
  } catch {
    eventId = undefined;
  }
  const key = typeof eventId === 'string' ? `event:${eventId}` : `sig:${timestamp}:${signature}`;
  if (seenRequests.has(key)) return res.status(409).json({ error: 'duplicate request' });
  seenRequests.add(key);
  return next();
}
// sigprobe-fix-end

// sigprobe-fix: verify-every-request verify-before-processing generic-rejection
// Raw bytes in (the signature is over them), verification before the handler, and
// every other method gets 405. A body Express cannot read is refused like a bad
// signature.
const rawBody = express.raw({ type: () => true, limit: '1mb' });

app.post('/slack/events', rawBody, requireSlackSignature, (req, res) => {
  const text = req.body.toString('utf8');
  if (req.is('application/json')) {
    let payload;
    try {
      payload = JSON.parse(text);
    } catch {
      return res.status(400).json({ error: 'invalid JSON' });
    }
    // Slack's URL check when the endpoint is configured: echo the challenge.
    if (payload?.type === 'url_verification') return res.json({ challenge: payload.challenge });
    events.push(payload);
  } else {
    events.push(Object.fromEntries(new URLSearchParams(text)));
  }
  return res.json({ ok: true });
});
app.all('/slack/events', (_req, res) => {
  res.set('Allow', 'POST').status(405).json({ error: 'method not allowed' });
});
app.use((_error, _req, res, _next) => res.status(401).json({ error: 'invalid signature' }));
// sigprobe-fix-end

const server = app.listen(0, '127.0.0.1', () => {
  process.stdout.write(`LISTENING ${server.address().port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
