// An Express receiver for GitHub webhooks that verifies with GitHub's own library,
// @octokit/webhooks-methods. Like the other receivers in lab/fixes/, each
// `sigprobe-fix: <key>` region is a snippet sigprobe shows, and the tests run and scan
// this file. Signature: X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>.
// sigprobe-fix: *
import { Buffer } from 'node:buffer';
import { TextDecoder } from 'node:util';
import { verify } from '@octokit/webhooks-methods';
import express from 'express';
// sigprobe-fix-end

const app = express();
const deliveries = [];

// sigprobe-fix: remove-bypass-switches
// The secret comes from the server's configuration; nothing in a request (query flag,
// header, body field, client address) can switch verification off.
const SECRET = process.env.WEBHOOK_SECRET ?? '';
if (SECRET === '') throw new Error('WEBHOOK_SECRET is not set');
// sigprobe-fix-end

// sigprobe-fix: verify-every-request reject-wrong-signature strict-signature-format
// sigprobe-fix: verify-before-processing reject-replays
// The library wants the payload as a string. Decoding strictly keeps bytes and string
// one-to-one: a body that is not valid UTF-8 is refused instead of being "repaired".
const utf8 = new TextDecoder('utf-8', { fatal: true });

async function githubSignatureValid(rawBody, header) {
  // verify() throws on an empty header or body; both mean "not verified" here. It
  // compares the whole "sha256=<hex>" value in constant time, so a legacy
  // X-Hub-Signature (sha1), another tag or a truncated digest never passes.
  if (typeof header !== 'string' || header === '' || rawBody.length === 0) return false;
  try {
    return await verify(SECRET, utf8.decode(rawBody), header);
  } catch {
    return false;
  }
}

// GitHub asks receivers to act on each X-GitHub-Delivery once; without the header the
// signature itself stands for the delivery, so a replay of a captured one is refused.
const seenDeliveries = new Set();

async function requireGithubSignature(req, res, next) {
  const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  if (!(await githubSignatureValid(body, req.get('X-Hub-Signature-256')))) {
    return res.status(401).json({ error: 'invalid signature' });
  }
  const delivery = `${req.get('X-GitHub-Delivery') ?? ''}:${req.get('X-Hub-Signature-256')}`;
  if (seenDeliveries.has(delivery))
    return res.status(409).json({ error: 'duplicate delivery' });
  seenDeliveries.add(delivery);
  return next();
}
// sigprobe-fix-end

// sigprobe-fix: verify-all-methods require-authentication verify-before-processing
// Raw bytes in, verification first, JSON after; every other method gets 405.
const rawBody = express.raw({ type: () => true, limit: '25mb' });

function signedPost(path, handler) {
  app.post(path, rawBody, requireGithubSignature, handler);
  app.all(path, (req, res) => {
    res.set('Allow', 'POST').status(405).json({ error: 'method not allowed' });
  });
}
// sigprobe-fix-end

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

signedPost('/webhook/redeliver', (req, res) => {
  res.json({ ok: true, queued: deliveries.length });
});

const server = app.listen(0, '127.0.0.1', () => {
  process.stdout.write(`LISTENING ${server.address().port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
