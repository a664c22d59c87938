import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runCli } from './support/cli.js';
import type { CliRun } from './support/cli.js';
import { startLabTarget } from './support/lab.js';
import { closedPort, httpServer } from './support/servers.js';
import type { Running } from './support/servers.js';

// Regression cases for the CLI-level defects a tester found in the core. Each case
// names the defect it guards ("defect N") from the tester's report; each asserts the
// behaviour expected once that defect is fixed.

const SECRET = 'cli-regress-secret-5b07e1';
const SIGNATURE_HEADER = 'x-webhook-signature';

interface Result {
  endpoints: Array<{ method: string; url: string }>;
  findings: Array<{ id: string; severity: string; message: string; details?: unknown }>;
  notes: string[];
}

interface Recording extends Running {
  /** Requests received so far, as "METHOD path". */
  requests: string[];
}

type Handler = (req: IncomingMessage, body: Buffer, res: ServerResponse) => void;

/** An in-process receiver that reads each body whole and records every request. */
async function receiver(handler: Handler): Promise<Recording> {
  const requests: string[] = [];
  const running = await httpServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => handler(req, Buffer.concat(chunks), res));
  });
  return { ...running, requests };
}

function signatureFor(body: Buffer, secret = SECRET): string {
  return `HMAC_SHA256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

function json(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
}

/** Verifies only when the header is present: an unsigned request is processed. */
const headerOptional: Handler = (req, body, res) => {
  const header = req.headers[SIGNATURE_HEADER];
  if (header !== undefined && header !== signatureFor(body)) {
    json(res, 401, { error: 'invalid signature' });
    return;
  }
  json(res, 200, { ok: true });
};

function findingKeys(result: Result): string[] {
  return result.findings.map((f) => `${f.id}/${f.severity}`).sort();
}

function parse(run: CliRun): Result {
  assert.doesNotThrow(() => JSON.parse(run.stdout), `stdout is no JSON report:\n${run.stdout}\n${run.stderr}`);
  return JSON.parse(run.stdout) as Result;
}

function assertOneLineError(stderr: string, ...patterns: RegExp[]): void {
  const lines = stderr.trim().split('\n');
  assert.equal(lines.length, 1, `expected one line, got:\n${stderr}`);
  for (const pattern of patterns) assert.match(lines[0]!, pattern);
  assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
}

async function withServer<T>(server: Running, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } finally {
    await server.close();
  }
}

describe('CLI regressions: judging and notes', () => {
  // Defect 1: a status oracle that carries a clock changed between reads without any
  // delivery and was taken as the endpoint acting; the false alarm was intermittent.
  it('given a correct receiver whose oracle shows the time, should stay clean on three scans in a row', async () => {
    const target = await startLabTarget('lab/flask-regress/oracle_timestamp.py');
    try {
      for (let attempt = 1; attempt <= 3; attempt += 1) {
        const run = await runCli([
          'scan', `${target.origin}/webhook`, '--scheme', 'plain', '--oracle', `GET ${target.origin}/status`,
          '--format', 'json', '--fail-on', 'never',
        ]);
        assert.equal(run.code, 0, run.stderr);
        assert.deepEqual(findingKeys(parse(run)), ['plaintext-transport/info'], `attempt ${attempt}: ${run.stdout}`);
      }
    } finally {
      await target.stop();
    }
  });

  // Defect 2: with a wrong secret the valid reference is rejected; the scan must still
  // find what it finds without a secret, and say the secret looks wrong.
  it('given a wrong secret on a header-optional receiver, should report the unsigned acceptance and note the rejected reference', async () => {
    const server = await receiver(headerOptional);
    await withServer(server, async () => {
      const url = `${server.origin}/webhook`;
      const wrongSecret = 'not-the-receivers-secret-91c4';
      const withoutSecret = await runCli(['scan', url, '--scheme', 'plain', '--format', 'json', '--fail-on', 'never']);
      const withWrongSecret = await runCli(
        ['scan', url, '--scheme', 'plain', '--secret-env', 'SIGPROBE_REGRESS_SECRET', '--format', 'json', '--fail-on', 'never'],
        { env: { SIGPROBE_REGRESS_SECRET: wrongSecret } },
      );
      assert.equal(withWrongSecret.code, 0, withWrongSecret.stderr);
      const result = parse(withWrongSecret);
      assert.ok(findingKeys(result).includes('unsigned-request-accepted/critical'), withWrongSecret.stdout);
      assert.deepEqual(findingKeys(result), findingKeys(parse(withoutSecret)));
      assert.ok(
        result.notes.some((note) => /\bvalid/i.test(note) && /rejected/i.test(note)),
        `a note says the valid reference was rejected: ${JSON.stringify(result.notes)}`,
      );
      assert.ok(!(withWrongSecret.stdout + withWrongSecret.stderr).includes(wrongSecret), 'secret never shown');
    });
  });

  // Defect 4: after six failures the receiver answers 429 to everything, so later
  // probes prove nothing; the report must say so rather than look clean.
  it('given a receiver that rate-limits after six failures, should note the 429 answers', async () => {
    let failures = 0;
    const server = await receiver((req, body, res) => {
      if (failures >= 6) return json(res, 429, { error: 'rate limited' });
      if (req.method === 'PUT') return json(res, 200, { ok: true, updated: true });
      if (req.headers[SIGNATURE_HEADER] !== signatureFor(body)) {
        failures += 1;
        return json(res, 401, { error: 'invalid signature' });
      }
      return json(res, 200, { ok: true });
    });
    await withServer(server, async () => {
      const run = await runCli(['scan', `${server.origin}/webhook`, '--scheme', 'plain', '--format', 'json', '--fail-on', 'never']);
      assert.ok(run.code === 0 || run.code === 3, run.stderr);
      const result = parse(run);
      assert.ok(result.notes.some((note) => note.includes('429')), `a note names 429: ${JSON.stringify(result.notes)}`);
    });
  });

  // Defect 10: verification gated on a JSON Content-Type; the finding must name the
  // content type as the switch, not a form field that merely rode along.
  it('given a receiver that verifies JSON content types only, should name the Content-Type as the bypass', async () => {
    const server = await receiver((req, body, res) => {
      const isJson = (req.headers['content-type'] ?? '').split(';')[0]!.trim() === 'application/json';
      if (isJson && req.headers[SIGNATURE_HEADER] !== signatureFor(body)) {
        return json(res, 401, { error: 'invalid signature' });
      }
      return json(res, 200, { ok: true });
    });
    await withServer(server, async () => {
      const run = await runCli(['scan', `${server.origin}/webhook`, '--scheme', 'plain', '--format', 'json', '--fail-on', 'never']);
      assert.equal(run.code, 0, run.stderr);
      const bypass = parse(run).findings.filter((f) => f.id === 'verification-bypass-switch');
      assert.equal(bypass.length, 1, run.stdout);
      const said = `${bypass[0]!.message} ${JSON.stringify(bypass[0]!.details ?? {})}`;
      assert.match(said, /Content-Type/i);
      assert.doesNotMatch(said, /ssl_check/);
    });
  });

  // Defect 16: probes that time out were dropped silently.
  it('given a receiver whose PUT never answers, should note that some probes got no answer', async () => {
    const server = await receiver((req, body, res) => {
      if (req.method === 'PUT') return; // holds the request open until the scanner gives up
      if (req.headers[SIGNATURE_HEADER] !== signatureFor(body)) return json(res, 401, { error: 'invalid signature' });
      return json(res, 200, { ok: true });
    });
    await withServer(server, async () => {
      const run = await runCli(
        ['scan', `${server.origin}/webhook`, '--scheme', 'plain', '--timeout', '1500', '--format', 'json', '--fail-on', 'never'],
        { timeoutMs: 30_000 },
      );
      assert.equal(run.code, 0, run.stderr);
      const result = parse(run);
      assert.ok(
        result.notes.some((note) => /no answer|not answer|never answered|timed out|time limit/i.test(note)),
        `a note says some probes got no answer: ${JSON.stringify(result.notes)}`,
      );
    });
  });
});

describe('CLI regressions: redirects and reachability', () => {
  // Defect 5: POST /hook → 308 /hook/ must be followed on the same origin, and said.
  it('given a same-origin 308 to a header-optional route, should follow it, find the unsigned acceptance and note the redirect', async () => {
    const server = await receiver((req, body, res) => {
      if (req.url === '/hook') {
        res.writeHead(308, { location: '/hook/' });
        return res.end();
      }
      return headerOptional(req, body, res);
    });
    await withServer(server, async () => {
      const run = await runCli(['scan', `${server.origin}/hook`, '--scheme', 'plain', '--format', 'json', '--fail-on', 'never']);
      assert.equal(run.code, 0, run.stderr);
      const result = parse(run);
      assert.ok(findingKeys(result).includes('unsigned-request-accepted/critical'), run.stdout);
      assert.ok(result.notes.some((note) => /redirect/i.test(note)), `a note says so: ${JSON.stringify(result.notes)}`);
    });
  });

  // Defect 5: a redirect to an origin outside the scope must stop the scan, not be
  // followed and not be scanned as if it were the endpoint's own answer.
  it('given a redirect to another origin not in scope, should exit 3 naming the redirect and --scope, sending nothing there', async () => {
    const elsewhere = await receiver(headerOptional);
    const server = await receiver((_req, _body, res) => {
      res.writeHead(308, { location: `${elsewhere.origin}/hook` });
      res.end();
    });
    try {
      const run = await runCli(['scan', `${server.origin}/hook`, '--scheme', 'plain']);
      assert.equal(run.code, 3, run.stderr);
      assertOneLineError(run.stderr, /redirect/i, /--scope/);
      assert.deepEqual(elsewhere.requests, [], 'nothing sent outside the scope');
    } finally {
      await server.close();
      await elsewhere.close();
    }
  });

  // Defect 6: one unreachable URL among several must fail the run, report kept.
  it('given two URLs of which one is unreachable, should exit 3 and still print the report', async () => {
    const server = await receiver(headerOptional);
    await withServer(server, async () => {
      const port = await closedPort();
      const run = await runCli([
        'scan', `${server.origin}/webhook`, `http://127.0.0.1:${port}/webhook`, '--scheme', 'plain',
        '--format', 'json', '--fail-on', 'never',
      ]);
      assert.equal(run.code, 3, run.stderr);
      const result = parse(run);
      assert.ok(result.endpoints.some((endpoint) => endpoint.url.startsWith(server.origin)), run.stdout);
    });
  });

  // Defect 7: every request answered 405 means the method is wrong, not a clean scan.
  it('given a receiver answering 405 to everything, should exit 3 naming 405 and --method', async () => {
    const server = await receiver((_req, _body, res) => json(res, 405, { error: 'method not allowed' }));
    await withServer(server, async () => {
      const run = await runCli(['scan', `${server.origin}/webhook`, '--scheme', 'plain']);
      assert.equal(run.code, 3, `${run.stdout}\n${run.stderr}`);
      assertOneLineError(run.stderr, /405/, /--method/);
    });
  });
});

describe('CLI regressions: bad input stops before any request', () => {
  const folder = mkdtempSync(join(tmpdir(), 'sigprobe-cli-regress-'));
  const cases: Array<[string, string, string[], RegExp]> = [
    // Defect 8: an unwritable report path was found only after the whole scan.
    ['an --output under /proc', 'defect 8', ['--output', '/proc/nonexistent/x.txt'], /output/i],
    ['an --output into a missing folder', 'defect 8', ['--output', join(folder, 'missing', 'report.txt')], /output/i],
    // Defect 9: an empty check list ran nothing and reported clean.
    ['an empty --checks', 'defect 9', ['--checks', ''], /checks/i],
    // Defect 13: a method or header name that is no HTTP token.
    ['a method with a space', 'defect 13', ['--method', 'PO ST'], /method/i],
    ['a header name with a space', 'defect 13', ['--header', 'Bad Header'], /header/i],
  ];
  for (const [name, defect, args, pattern] of cases) {
    it(`given ${name} (${defect}), should exit 2 with one line and send no request`, async () => {
      const server = await receiver(headerOptional);
      await withServer(server, async () => {
        const started = Date.now();
        const run = await runCli(['scan', `${server.origin}/webhook`, '--scheme', 'plain', ...args], { timeoutMs: 20_000 });
        assert.equal(run.code, 2, `${run.stdout}\n${run.stderr}`);
        assertOneLineError(run.stderr, pattern);
        assert.deepEqual(server.requests, [], 'no request sent');
        assert.ok(Date.now() - started < 10_000, 'rejected at once, not after a scan');
      });
    });
  }

  after(() => rmSync(folder, { recursive: true, force: true }));
});

describe('CLI regressions: URLs', () => {
  // Defect 14: the password in a URL's user-info leaked into the output.
  const password = 'hunter2pw';
  for (const format of ['text', 'json']) {
    it(`given a URL with a password (${format}), should never show the password`, async () => {
      const server = await receiver(headerOptional);
      await withServer(server, async () => {
        const url = server.origin.replace('http://', `http://user:${password}@`) + '/webhook';
        const run = await runCli(['scan', url, '--scheme', 'plain', '--format', format, '--fail-on', 'never', '--verbose']);
        assert.equal(run.code, 0, run.stderr.replaceAll(password, '<leaked>'));
        assert.ok(!run.stdout.includes(password), 'not in stdout');
        assert.ok(!run.stderr.includes(password), 'not in stderr');
      });
    });
  }

  it('given a URL with a password that is unreachable, should not show the password in the error', async () => {
    const port = await closedPort();
    const run = await runCli(['scan', `http://user:${password}@127.0.0.1:${port}/webhook`, '--scheme', 'plain']);
    assert.equal(run.code, 3);
    assert.ok(!(run.stdout + run.stderr).includes(password), 'not in the output');
  });

  // Defect 15: the same URL given twice was scanned twice.
  it('given the same URL twice, should scan it once', async () => {
    const server = await receiver(headerOptional);
    await withServer(server, async () => {
      const url = `${server.origin}/webhook`;
      const run = await runCli(['scan', url, url, '--scheme', 'plain', '--format', 'json', '--fail-on', 'never']);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(parse(run).endpoints.length, 1, run.stdout);
    });
  });
});
