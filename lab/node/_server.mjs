// Shared start-up for the Node lab receivers: bind a free loopback port, announce it
// as `LISTENING <port>` (as the Flask targets do), hand each handler the raw body.
import { Buffer } from 'node:buffer';
import { createServer } from 'node:http';
import { URL } from 'node:url';

export const SECRET = process.env.LAB_SECRET ?? 'lab-secret-7d1c0b6e2f';

/** Event ids already handled: vendors ask receivers to process each event once. */
const seen = new Set();

export function firstDelivery(rawBody) {
  let id;
  try {
    id = JSON.parse(rawBody.toString('utf8'))?.id;
  } catch {
    return true;
  }
  if (typeof id !== 'string') return true;
  if (seen.has(id)) return false;
  seen.add(id);
  return true;
}

export function reply(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** `handle(req, rawBody)` returns [status, body]; it may be async. */
export function serve(path, handle) {
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', async () => {
      const url = new URL(req.url, 'http://placeholder');
      if (url.pathname !== path) return reply(res, 404, { error: 'not found' });
      if (req.method !== 'POST') return reply(res, 405, { error: 'method not allowed' });
      try {
        const [status, body] = await handle(req, Buffer.concat(chunks));
        reply(res, status, body);
      } catch {
        reply(res, 500, { error: 'internal error' });
      }
    });
  });
  server.listen(0, '127.0.0.1', () =>
    process.stdout.write(`LISTENING ${server.address().port}\n`),
  );
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}
