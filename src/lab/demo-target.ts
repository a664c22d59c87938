import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/**
 * The bundled demo target: a small webhook service with the faults sigprobe exists to
 * find, on a loopback port the system picks. Its secret is never given to the scanner.
 */
const SECRET = Buffer.from('demo-secret-not-for-production');
const HEADER = 'x-webhook-signature';

type Handler = (req: IncomingMessage, body: Buffer, url: URL) => [number, unknown];

function signatureValid(req: IncomingMessage, body: Buffer): boolean {
  const value = req.headers[HEADER];
  if (typeof value !== 'string' || !value.startsWith('HMAC_SHA256=')) return false;
  const expected = Buffer.from(createHmac('sha256', SECRET).update(body).digest('hex'));
  const received = Buffer.from(value.slice('HMAC_SHA256='.length));
  return received.length === expected.length && timingSafeEqual(received, expected);
}

const ROUTES: Record<string, Handler> = {
  // Correct: every method verified first, raw body, constant-time comparison.
  '/webhooks/secure': (req, body) => {
    if (!signatureValid(req, body)) return [401, { error: 'invalid signature' }];
    return req.method === 'POST' ? [200, { ok: true }] : [405, { error: 'method not allowed' }];
  },
  // Fault: verification only runs when the header is present.
  '/webhooks/orders': (req, body) => {
    if (req.method !== 'POST') return [405, { error: 'method not allowed' }];
    if (req.headers[HEADER] !== undefined && !signatureValid(req, body)) {
      return [401, { error: 'invalid signature' }];
    }
    return [200, { ok: true, queued: 'order' }];
  },
  // Faults: a debug switch left in, and PUT handled without verification.
  '/webhooks/billing': (req, body, url) => {
    if (req.method === 'PUT') return [200, { ok: true, updated: 'subscription' }];
    if (req.method !== 'POST') return [405, { error: 'method not allowed' }];
    if (url.searchParams.get('debug') !== '1' && !signatureValid(req, body)) {
      return [401, { error: 'invalid signature' }];
    }
    return [200, { ok: true }];
  },
  // Fault: the JSON body is parsed and validated before the signature is checked.
  '/webhooks/inventory': (req, body) => {
    if (req.method !== 'POST') return [405, { error: 'method not allowed' }];
    let event: { type?: unknown };
    try {
      event = JSON.parse(body.toString('utf8')) as { type?: unknown };
    } catch {
      return [400, { error: 'body is not valid JSON' }];
    }
    if (typeof event.type !== 'string') return [422, { error: 'missing field: type' }];
    if (!signatureValid(req, body)) return [401, { error: 'invalid signature' }];
    return [200, { ok: true }];
  },
};

export const DEMO_PATHS = Object.keys(ROUTES);

export async function startDemoTarget(): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { server, origin: `http://127.0.0.1:${port}` };
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const url = new URL(req.url ?? '/', 'http://demo.local');
    const route = ROUTES[url.pathname];
    const [status, payload] = route
      ? route(req, Buffer.concat(chunks), url)
      : [404, { error: 'not found' }];
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(payload));
  });
}
