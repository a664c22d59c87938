import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { runCli } from './support/cli.js';
import { httpServer } from './support/servers.js';
import type { Running } from './support/servers.js';

const SECRET = 'safety-test-secret-81f0';

interface Seen {
  method: string;
  path: string;
  validSignature: boolean;
}

/** A correct receiver that records what reached it, to prove what a scan did not send. */
async function recordingReceiver(seen: Seen[], counter: { reads: number }): Promise<Running> {
  const deliveries = new Set<string>();
  return httpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path === '/churning-log') {
        // A view counter: it changes with every read, whatever the endpoint does.
        counter.reads += 1;
        return void res.end(JSON.stringify({ views: counter.reads }));
      }
      const header = String(req.headers['x-webhook-signature'] ?? '');
      const expected = Buffer.from(
        `HMAC_SHA256=${createHmac('sha256', SECRET).update(body).digest('hex')}`,
      );
      const received = Buffer.from(header);
      const valid = received.length === expected.length && timingSafeEqual(received, expected);
      seen.push({ method: req.method ?? '', path, validSignature: valid });
      // A delivery is acted on once: the same signed body again is refused.
      const replay = valid && deliveries.has(header);
      if (valid) deliveries.add(header);
      res.writeHead(!valid ? 401 : replay ? 409 : 200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify(
          !valid
            ? { error: 'invalid signature' }
            : replay
              ? { error: 'duplicate' }
              : { ok: true },
        ),
      );
    });
  });
}

describe('scan safety', () => {
  const seen: Seen[] = [];
  const counter = { reads: 0 };
  let receiver: Running;

  before(async () => {
    receiver = await recordingReceiver(seen, counter);
  });
  after(() => receiver.close());

  it('given --safe and a secret, should send no valid signature and no PUT, PATCH or DELETE', async () => {
    seen.length = 0;
    const run = await runCli(
      [
        'scan',
        `${receiver.origin}/hook`,
        '--safe',
        '--secret-env',
        'SAFETY_SECRET',
        '--format',
        'json',
      ],
      { env: { SAFETY_SECRET: SECRET } },
    );
    assert.equal(run.code, 0, run.stderr);
    assert.ok(seen.length > 5, 'the scan did send probes');
    assert.deepEqual(
      seen.filter((s) => s.validSignature),
      [],
    );
    assert.deepEqual(
      seen.filter((s) => ['PUT', 'PATCH', 'DELETE'].includes(s.method)),
      [],
    );
    const result = JSON.parse(run.stdout) as {
      safe: boolean;
      findings: Array<{ severity: string }>;
    };
    assert.equal(result.safe, true);
    assert.deepEqual(
      result.findings.filter((f) => f.severity !== 'info'),
      [],
    );
  });

  it('given a secret without --safe, should say first what resends signed requests, and stay silent', async () => {
    seen.length = 0;
    const run = await runCli(
      ['scan', `${receiver.origin}/hook`, '--secret-env', 'SAFETY_SECRET', '--format', 'json'],
      { env: { SAFETY_SECRET: SECRET } },
    );
    assert.match(run.stderr, /send validly signed .* requests.*--safe/s);
    assert.ok(
      seen.some((s) => s.validSignature),
      'a valid reference was sent',
    );
    const result = JSON.parse(run.stdout) as {
      findings: Array<{ id: string; severity: string }>;
    };
    assert.deepEqual(
      result.findings.filter((f) => f.severity !== 'info'),
      [],
      JSON.stringify(result.findings),
    );
    assert.equal(run.code, 0, run.stderr);
  });

  it('given an oracle that changes by itself, should not use it and should say why', async () => {
    seen.length = 0;
    counter.reads = 0;
    const run = await runCli([
      'scan',
      `${receiver.origin}/hook`,
      '--scheme',
      'plain',
      '--oracle',
      `GET ${receiver.origin}/churning-log`,
      '--format',
      'json',
    ]);
    assert.equal(run.code, 0, run.stderr);
    const result = JSON.parse(run.stdout) as {
      notes: string[];
      findings: Array<{ severity: string }>;
    };
    assert.ok(
      result.notes.some((n) => n.includes('changed between two reads')),
      result.notes.join('\n'),
    );
    assert.equal(counter.reads, 2, 'read twice to calibrate, then never again');
    assert.deepEqual(
      result.findings.filter((f) => f.severity !== 'info'),
      [],
    );
  });

  it('given a path that answers 404, should exit 3 and say so', async () => {
    const other = await httpServer((req, res) => {
      req.resume();
      res.writeHead(404).end('not found');
    });
    try {
      const run = await runCli(['scan', `${other.origin}/nowhere`]);
      assert.equal(run.code, 3);
      assert.match(run.stderr, /404 Not Found/);
    } finally {
      await other.close();
    }
  });
});
