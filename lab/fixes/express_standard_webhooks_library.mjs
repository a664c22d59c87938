// An Express receiver for Standard Webhooks (and Svix-style senders) that verifies
// with the reference library, `standardwebhooks` (Webhook.verify). Like the other
// receivers in lab/fixes/, each `sigprobe-fix: <key>` region is a snippet sigprobe
// shows, and the tests run and scan this file. Signature: webhook-signature:
// v1,<base64 HMAC-SHA256 of "<webhook-id>.<webhook-timestamp>.<raw body>">, keyed with
// the base64-decoded part of the whsec_ secret.
// sigprobe-fix: *
import { Buffer } from 'node:buffer';
import { TextDecoder } from 'node:util';
import express from 'express';
import { Webhook } from 'standardwebhooks';
// sigprobe-fix-end

const app = express();
const messages = [];

// sigprobe-fix: remove-bypass-switches
// The secret comes from the server's configuration, in its whsec_ form; nothing in a
// request can switch verification off. new Webhook() refuses a secret it cannot decode.
const SECRET = process.env.WEBHOOK_SECRET ?? '';
if (!SECRET.startsWith('whsec_')) throw new Error('WEBHOOK_SECRET is not a whsec_ secret');
const webhook = new Webhook(SECRET);
// sigprobe-fix-end

// sigprobe-fix: verify-every-request reject-wrong-signature bound-timestamps
// sigprobe-fix: verify-before-processing reject-replays generic-rejection
// verify() checks every "v1,<sig>" entry in constant time against id, timestamp and
// body, and refuses a webhook-timestamp more than 5 minutes from the server clock, in
// the past or the future; it throws on any failure and returns the parsed payload.
// The body is decoded strictly, so bytes that are not UTF-8 are refused.
const utf8 = new TextDecoder('utf-8', { fatal: true });

function verifiedMessage(rawBody, headers) {
  try {
    return webhook.verify(utf8.decode(rawBody), headers);
  } catch {
    return undefined;
  }
}

// The webhook-id is signed and stays the same when the sender retries: act on each
// one once. The 5-minute window bounds how long an id must be remembered.
const seenIds = new Set();

function requireStandardSignature(req, res, next) {
  const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  const headers = {
    'webhook-id': req.get('webhook-id') ?? '',
    'webhook-timestamp': req.get('webhook-timestamp') ?? '',
    'webhook-signature': req.get('webhook-signature') ?? '',
  };
  const message = body.length > 0 ? verifiedMessage(body, headers) : undefined;
  // One short answer for every failure: which check failed stays in the server.
  if (message === undefined) return res.status(401).json({ error: 'invalid signature' });
  if (seenIds.has(headers['webhook-id'])) {
    return res.status(409).json({ error: 'duplicate message' });
  }
  seenIds.add(headers['webhook-id']);
  res.locals.message = message;
  return next();
}
// sigprobe-fix-end

// sigprobe-fix: verify-every-request verify-before-processing generic-rejection
// Raw bytes in (the signature is over them), verification before the handler, and
// every other method gets 405. A body Express cannot read is refused like a bad
// signature.
const rawBody = express.raw({ type: () => true, limit: '1mb' });

app.post('/webhooks', rawBody, requireStandardSignature, (req, res) => {
  messages.push(res.locals.message);
  res.status(204).end();
});
app.all('/webhooks', (_req, res) => {
  res.set('Allow', 'POST').status(405).json({ error: 'method not allowed' });
});
app.use((_error, _req, res, _next) => res.status(401).json({ error: 'invalid signature' }));
// sigprobe-fix-end

const server = app.listen(0, '127.0.0.1', () => {
  process.stdout.write(`LISTENING ${server.address().port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
