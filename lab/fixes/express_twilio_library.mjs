// An Express receiver for Twilio webhooks that verifies with Twilio's own helper
// library, `twilio` (validateRequest for form posts, validateRequestWithBody for JSON
// posts that carry bodySHA256). Like the other receivers in lab/fixes/, each
// `sigprobe-fix: <key>` region is a snippet sigprobe shows, and the tests run and
// scan this file. Signature: X-Twilio-Signature: <base64 HMAC-SHA1 of the full URL
// followed by every form field, sorted by name>, keyed with the account's auth token.
// sigprobe-fix: *
import { Buffer } from 'node:buffer';
import { URL, URLSearchParams } from 'node:url';
import { TextDecoder } from 'node:util';
import express from 'express';
import twilio from 'twilio';
// sigprobe-fix-end

const app = express();
const messages = [];

// sigprobe-fix: remove-bypass-switches sign-every-part
// The auth token and the public base URL the webhook is configured with in Twilio
// (scheme, host and port, e.g. https://hooks.example.com) come from the server's
// configuration; nothing in a request can switch verification off.
const AUTH_TOKEN = process.env.TWILIO_AUTH_TOKEN ?? '';
if (AUTH_TOKEN === '') throw new Error('TWILIO_AUTH_TOKEN is not set');
const configuredUrl = process.env.PUBLIC_BASE_URL ?? '';
if (!URL.canParse(configuredUrl)) throw new Error('PUBLIC_BASE_URL is not a URL');
const PUBLIC_BASE_URL = new URL(configuredUrl).origin;
// sigprobe-fix-end

// sigprobe-fix: verify-every-request reject-wrong-signature sign-every-part
// sigprobe-fix: verify-before-processing reject-replays generic-rejection
// Twilio signs the URL it called. The URL is rebuilt from the configured public base
// URL plus the path and query this request came with, never from the Host or
// X-Forwarded-Host header: the client chooses those, and a URL rebuilt from them lets
// a signature made for another host's URL pass here. (lab/node/twilio.mjs uses Host and
// also scans clean on loopback; the test here also sends such a signature with Host and
// X-Forwarded-Host naming the other host, and needs 401.)
// The algorithm is fixed here (HMAC-SHA1, the library's default), never taken from a
// request header.
const utf8 = new TextDecoder('utf-8', { fatal: true });

function formParams(text) {
  // Repeated names keep every value: the library signs each one.
  const params = {};
  for (const [name, value] of new URLSearchParams(text)) {
    const previous = params[name];
    params[name] = previous === undefined ? value : [previous, value].flat();
  }
  return params;
}

function twilioRequestValid(req, rawBody, signature) {
  if (typeof signature !== 'string' || signature === '') return false;
  const url = PUBLIC_BASE_URL + req.originalUrl;
  try {
    const text = utf8.decode(rawBody);
    if (req.is('application/x-www-form-urlencoded')) {
      return twilio.validateRequest(AUTH_TOKEN, signature, url, formParams(text));
    }
    // Any other body is covered only through the bodySHA256 query parameter.
    return (
      new URL(url).searchParams.has('bodySHA256') &&
      twilio.validateRequestWithBody(AUTH_TOKEN, signature, url, text)
    );
  } catch {
    return false;
  }
}

// Twilio signs no timestamp, so each delivery is acted on once: by its MessageSid or
// CallSid (signed form fields), a JSON body's id (covered by bodySHA256), and in any
// case by its signature, which changes whenever the URL or a field does.
const seenDeliveries = new Set();

function deliveryKeys(req, rawBody, signature) {
  const keys = [`sig:${signature}`];
  try {
    const text = rawBody.toString('utf8');
    const fields = req.is('application/x-www-form-urlencoded')
      ? Object.fromEntries(new URLSearchParams(text))
      : JSON.parse(text);
    for (const name of ['MessageSid', 'CallSid', 'id']) {
      if (typeof fields?.[name] === 'string') keys.push(`${name}:${fields[name]}`);
    }
  } catch {
    // Not JSON: the signature alone identifies the delivery.
  }
  return keys;
}

function requireTwilioSignature(req, res, next) {
  const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  const signature = req.get('X-Twilio-Signature');
  // One short answer for every failure: which check failed stays in the server.
  if (!twilioRequestValid(req, body, signature)) {
    return res.status(401).json({ error: 'invalid signature' });
  }
  const keys = deliveryKeys(req, body, signature);
  if (keys.some((key) => seenDeliveries.has(key))) {
    return res.status(409).json({ error: 'duplicate delivery' });
  }
  for (const key of keys) seenDeliveries.add(key);
  return next();
}
// sigprobe-fix-end

// sigprobe-fix: verify-every-request verify-before-processing generic-rejection
// Raw bytes in (the signature is over them), verification before the handler, and
// every other method gets 405. A body Express cannot read is refused like a bad
// signature.
const rawBody = express.raw({ type: () => true, limit: '1mb' });

app.post('/twilio/messages', rawBody, requireTwilioSignature, (req, res) => {
  messages.push(req.body.toString('utf8'));
  res.type('text/xml').send('<Response></Response>');
});
app.all('/twilio/messages', (_req, res) => {
  res.set('Allow', 'POST').status(405).json({ error: 'method not allowed' });
});
app.use((_error, _req, res, _next) => res.status(401).json({ error: 'invalid signature' }));
// sigprobe-fix-end

// PORT lets the public base URL name the port in tests; behind a proxy they differ.
const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`LISTENING ${server.address().port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
