import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { HttpEngine, OutOfScopeError, RequestBudgetError } from '../src/http/engine.js';
import { Scope } from '../src/http/scope.js';
import type { HttpRequest } from '../src/model/http.js';
import { httpServer } from './support/servers.js';
import type { Running } from './support/servers.js';

function request(url: string, body = Buffer.alloc(0), method = 'POST'): HttpRequest {
  return { method, url, headers: [['Content-Type', 'application/octet-stream']], body };
}

describe('HttpEngine', () => {
  let target: Running;
  let elsewhere: Running;
  let inFlight = 0;
  let maxInFlight = 0;
  const received: Buffer[] = [];

  before(async () => {
    elsewhere = await httpServer((_req, res) => res.end('elsewhere'));
    target = await httpServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const path = req.url ?? '/';
        if (path === '/echo') received.push(Buffer.concat(chunks));
        if (path === '/off-scope')
          return void res.writeHead(302, { location: `${elsewhere.origin}/` }).end();
        if (path === '/in-scope') return void res.writeHead(307, { location: '/final' }).end();
        if (path === '/big') return void res.end(Buffer.alloc(300_000, 'b'));
        if (path === '/slow') {
          inFlight += 1;
          maxInFlight = Math.max(maxInFlight, inFlight);
          return void setTimeout(() => {
            inFlight -= 1;
            res.end('ok');
          }, 40);
        }
        res.end(`reached ${path}`);
      });
    });
  });

  after(async () => {
    await target.close();
    await elsewhere.close();
  });

  const engine = (overrides: Partial<ConstructorParameters<typeof HttpEngine>[0]> = {}) =>
    new HttpEngine({
      scope: new Scope([target.origin]),
      concurrency: 4,
      timeoutMs: 3000,
      maxResponseBytes: 1024 * 1024,
      ...overrides,
    });

  it('given a binary body, should send exactly its bytes', async () => {
    const http = engine();
    const body = Buffer.from([0xff, 0x00, 0xfe, 0x80, 0x0a, 0x0d]);
    const exchange = await http.send(request(`${target.origin}/echo`, body), {
      label: 'echo',
      signature: 'none',
    });
    await http.close();
    assert.equal(exchange.response?.status, 200);
    assert.deepEqual(received.at(-1), body);
  });

  it('given a URL outside the scope, should refuse to send it', async () => {
    const http = engine();
    await assert.rejects(
      http.send(request(`${elsewhere.origin}/`), { label: 'x', signature: 'none' }),
      OutOfScopeError,
    );
    assert.equal(http.requestsSent, 0);
    await http.close();
  });

  it('given a redirect off the scope, should not follow it even when asked to follow', async () => {
    const http = engine();
    const exchange = await http.send(
      request(`${target.origin}/off-scope`, Buffer.alloc(0), 'GET'),
      {
        label: 'redirect',
        signature: 'none',
        followRedirects: true,
      },
    );
    await http.close();
    assert.equal(exchange.response?.status, 302);
    assert.equal(http.exchanges.length, 1);
  });

  it('given a redirect within the scope, should follow only when asked', async () => {
    const http = engine();
    const kept = await http.send(request(`${target.origin}/in-scope`), {
      label: 'a',
      signature: 'none',
    });
    const followed = await http.send(request(`${target.origin}/in-scope`), {
      label: 'b',
      signature: 'none',
      followRedirects: true,
    });
    await http.close();
    assert.equal(kept.response?.status, 307);
    assert.equal(followed.response?.body.toString(), 'reached /final');
    assert.equal(followed.request.method, 'POST', '307 keeps the method');
  });

  it('given a response over the byte cap, should keep the cap and mark it truncated', async () => {
    const http = engine({ maxResponseBytes: 10_000 });
    const exchange = await http.send(request(`${target.origin}/big`), {
      label: 'big',
      signature: 'none',
    });
    await http.close();
    assert.equal(exchange.response?.body.length, 10_000);
    assert.equal(exchange.response?.truncated, true);
    assert.ok((exchange.response?.bodyBytes ?? 0) > 10_000);
  });

  it('given a concurrency of 2, should never have more than 2 requests in flight', async () => {
    maxInFlight = 0;
    const http = engine({ concurrency: 2 });
    await Promise.all(
      Array.from({ length: 8 }, () =>
        http.send(request(`${target.origin}/slow`), { label: 's', signature: 'none' }),
      ),
    );
    await http.close();
    assert.equal(maxInFlight, 2);
  });

  it('given a rate of 20 per second, should space 10 requests over at least 450 ms', async () => {
    const http = engine({ rate: 20 });
    const started = performance.now();
    await Promise.all(
      Array.from({ length: 10 }, () =>
        http.send(request(`${target.origin}/r`), { label: 'r', signature: 'none' }),
      ),
    );
    await http.close();
    assert.ok(performance.now() - started >= 440, `took ${performance.now() - started} ms`);
  });

  it('given a request budget, should refuse the request past it', async () => {
    const http = engine({ maxRequests: 2 });
    await http.send(request(`${target.origin}/a`), { label: 'a', signature: 'none' });
    await http.send(request(`${target.origin}/b`), { label: 'b', signature: 'none' });
    await assert.rejects(
      http.send(request(`${target.origin}/c`), { label: 'c', signature: 'none' }),
      RequestBudgetError,
    );
    await http.close();
  });
});
