// An Express receiver for a timestamped scheme that signs the whole request.
//
// The companion of express_receiver.mjs (which signs the body alone): its
// `sigprobe-fix:` regions are the fixes for a bounded timestamp, a signature over every
// part, separated signed fields, a strong secret, throttled failures and a declared
// security scheme. The tests run and scan it like the other receivers. Scheme
// (timestamped.scheme.yaml): X-Signature: v1=<hex HMAC-SHA256 of
// "<timestamp>\n<METHOD>\n<path>\n<query>\n<body>">, X-Signature-Timestamp: Unix
// seconds; the secret from WEBHOOK_SECRET.
// sigprobe-fix: *
import { Buffer } from 'node:buffer';
import { createHmac, timingSafeEqual } from 'node:crypto';
import express from 'express';
// sigprobe-fix-end

const app = express();

// sigprobe-fix: strong-secret
// The secret comes from the environment, and the app refuses to start on one that is
// short, repetitive or a placeholder. Generate it with `openssl rand -hex 32`.
const SECRET = Buffer.from(process.env.WEBHOOK_SECRET ?? '', 'utf8');
const PLACEHOLDER = /change|default|example|placeholder|secret|test|your/i;
if (SECRET.length < 32 || new Set(SECRET).size < 8 || PLACEHOLDER.test(SECRET.toString())) {
  process.stderr.write(
    'WEBHOOK_SECRET must be 32 or more random bytes (openssl rand -hex 32)\n',
  );
  process.exit(1);
}
// sigprobe-fix-end

// sigprobe-fix: bound-timestamps
// The timestamp is signed (the first field) and must lie within five minutes of the
// server clock, in the past or the future.
const TOLERANCE_SECONDS = 300;

function timestampFresh(header) {
  if (typeof header !== 'string' || !/^[0-9]{1,12}$/.test(header)) return false;
  return Math.abs(Date.now() / 1000 - Number(header)) <= TOLERANCE_SECONDS;
}
// sigprobe-fix-end

// sigprobe-fix: sign-every-part separate-signed-fields
// The signature covers all the handler acts on: timestamp, method, path and query as
// sent (req.originalUrl, before percent-decoding), then the body. "\n" joins the
// fields: HTTP forbids it in the method, path and query, the timestamp is digits, and
// the body comes last, so no byte can move from one field to another.
const SIGNATURE_FORMAT = /^v1=([0-9a-f]{64})$/;

function signedMessage(req, timestamp, rawBody) {
  const target = req.originalUrl;
  const mark = target.indexOf('?');
  const path = mark === -1 ? target : target.slice(0, mark);
  const query = mark === -1 ? '' : target.slice(mark + 1);
  const fields = [timestamp, req.method, path, query].map((f) => Buffer.from(`${f}\n`));
  return Buffer.concat([...fields, rawBody]);
}

function signatureValid(req, timestamp, rawBody) {
  const header = req.get('X-Signature');
  const match = SIGNATURE_FORMAT.exec(typeof header === 'string' ? header : '');
  if (!match) return false;
  const message = signedMessage(req, timestamp, rawBody);
  const expected = createHmac('sha256', SECRET).update(message).digest();
  return timingSafeEqual(expected, Buffer.from(match[1], 'hex'));
}
// sigprobe-fix-end

// sigprobe-fix: throttle-failed-verification
// Failed verifications are counted per client address over a minute; past the limit
// the client gets 429 with Retry-After before anything is verified, so guessing stops.
// Behind a proxy, key on the address the proxy appends, never on a header the client
// sets; with several instances keep the counts in shared storage (Redis).
const MAX_FAILURES = 100;
const WINDOW_SECONDS = 60;
const failures = new Map();

function throttled(client) {
  const now = Date.now();
  const recent = (failures.get(client) ?? []).filter((t) => now - t <= WINDOW_SECONDS * 1000);
  if (recent.length === 0) failures.delete(client);
  else failures.set(client, recent);
  return recent.length >= MAX_FAILURES;
}

function recordFailure(client) {
  failures.set(client, [...(failures.get(client) ?? []), Date.now()]);
}
// sigprobe-fix-end

// sigprobe-fix: bound-timestamps
// A signature is accepted once; remembering it as long as its timestamp is fresh is
// enough, since an older copy fails the timestamp check anyway.
const seenSignatures = new Map();

function firstDelivery(signature) {
  const now = Date.now();
  for (const [old, expiry] of seenSignatures) if (expiry < now) seenSignatures.delete(old);
  if (seenSignatures.has(signature)) return false;
  seenSignatures.set(signature, now + 2 * TOLERANCE_SECONDS * 1000);
  return true;
}
// sigprobe-fix-end

// sigprobe-fix: bound-timestamps sign-every-part throttle-failed-verification
const rawBody = express.raw({ type: () => true, limit: '1mb' });

function requireSignature(req, res, next) {
  const client = req.socket.remoteAddress ?? 'unknown';
  if (throttled(client)) {
    res.set('Retry-After', String(WINDOW_SECONDS));
    return res.status(429).json({ error: 'too many failed signatures' });
  }
  const timestamp = req.get('X-Signature-Timestamp');
  const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  // One generic 401 for a stale timestamp and a wrong or missing signature.
  if (!timestampFresh(timestamp) || !signatureValid(req, timestamp, body)) {
    recordFailure(client);
    return res.status(401).json({ error: 'invalid signature' });
  }
  if (!firstDelivery(req.get('X-Signature'))) {
    return res.status(409).json({ error: 'duplicate delivery' });
  }
  return next();
}
// sigprobe-fix-end

// sigprobe-fix: define-security-schemes
// The API description defines the signature as a security scheme and requires it on
// every operation (the top-level `security`), so clients, gateways and scanners know
// each call must be signed.
const ORDER_EVENT = { type: 'object', example: { id: 'evt_1', type: 'order.paid' } };
const OPENAPI = {
  openapi: '3.0.3',
  info: { title: 'Order events', version: '1.0.0' },
  components: {
    securitySchemes: {
      requestSignature: {
        type: 'apiKey',
        in: 'header',
        name: 'X-Signature',
        description:
          'v1=<hex HMAC-SHA256 of timestamp, method, path, query and body joined by ' +
          'newlines>; X-Signature-Timestamp holds the timestamp.',
      },
    },
  },
  security: [{ requestSignature: [] }],
  paths: {
    '/order-events': {
      post: {
        operationId: 'receiveOrderEvent',
        parameters: [{ name: 'topic', in: 'query', schema: { type: 'string' } }],
        requestBody: {
          required: true,
          content: { 'application/json': { schema: ORDER_EVENT } },
        },
        responses: {
          200: { description: 'processed' },
          401: { description: 'invalid signature' },
          429: { description: 'too many failed signatures' },
        },
      },
    },
  },
};

app.get('/openapi.json', (req, res) => res.json(OPENAPI));
// sigprobe-fix-end

app.post('/order-events', rawBody, requireSignature, (req, res) => {
  let event;
  try {
    event = JSON.parse(req.body.toString('utf8'));
  } catch {
    return res.status(400).json({ error: 'invalid JSON' });
  }
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    return res.status(400).json({ error: 'invalid JSON' });
  }
  return res.json({ ok: true, topic: req.query.topic ?? '' });
});
app.all('/order-events', (req, res) => {
  res.set('Allow', 'POST').status(405).json({ error: 'method not allowed' });
});

const server = app.listen(0, '127.0.0.1', () => {
  process.stdout.write(`LISTENING ${server.address().port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
