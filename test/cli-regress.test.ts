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

/** Scans with a JSON report and no severity gate, so the exit code reflects only errors. */
function scanJson(
  urls: string[],
  args: string[],
  options: Parameters<typeof runCli>[1] = {},
): Promise<CliRun> {
  const report = ['--format', 'json', '--fail-on', 'never'];
  return runCli(['scan', ...urls, '--scheme', 'plain', ...args, ...report], options);
}

function findingKeys(result: Result): string[] {
  return result.findings.map((f) => `${f.id}/${f.severity}`).sort();
}

function parse(run: CliRun): Result {
  const shown = `stdout is no JSON report:\n${run.stdout}\n${run.stderr}`;
  assert.doesNotThrow(() => JSON.parse(run.stdout), shown);
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
  it('given a correct receiver whose oracle shows a clock, should stay clean thrice', async () => {
    const target = await startLabTarget('lab/flask-regress/oracle_timestamp.py');
    try {
      for (let attempt = 1; attempt <= 3; attempt += 1) {
        const oracle = `GET ${target.origin}/status`;
        const run = await scanJson([`${target.origin}/webhook`], ['--oracle', oracle]);
        assert.equal(run.code, 0, run.stderr);
        const keys = findingKeys(parse(run));
        assert.deepEqual(
          keys,
          ['plaintext-transport/info'],
          `attempt ${attempt}: ${run.stdout}`,
        );
      }
    } finally {
      await target.stop();
    }
  });

  // Defect 2: with a wrong secret the valid reference is rejected; the scan must still
  // find what it finds without a secret, and say the secret looks wrong.
  it('given a wrong secret, should still find unsigned acceptance and say so', async () => {
    const server = await receiver(headerOptional);
    await withServer(server, async () => {
      const url = `${server.origin}/webhook`;
      const wrongSecret = 'not-the-receivers-secret-91c4';
      const withoutSecret = await scanJson([url], []);
      const withWrongSecret = await scanJson(
        [url],
        ['--secret-env', 'SIGPROBE_REGRESS_SECRET'],
        {
          env: { SIGPROBE_REGRESS_SECRET: wrongSecret },
        },
      );
      assert.equal(withWrongSecret.code, 0, withWrongSecret.stderr);
      const result = parse(withWrongSecret);
      const keys = findingKeys(result);
      assert.ok(keys.includes('unsigned-request-accepted/critical'), withWrongSecret.stdout);
      assert.deepEqual(findingKeys(result), findingKeys(parse(withoutSecret)));
      assert.ok(
        result.notes.some((note) => /\bvalid/i.test(note) && /rejected/i.test(note)),
        `a note says the valid reference was rejected: ${JSON.stringify(result.notes)}`,
      );
      const shown = withWrongSecret.stdout + withWrongSecret.stderr;
      assert.ok(!shown.includes(wrongSecret), 'secret never shown');
    });
  });

  // Defect 4: after six failures the receiver answers 429 to everything, so later
  // probes prove nothing; the report must say so rather than look clean.
  it('given a receiver rate-limiting after six failures, should note the 429s', async () => {
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
      const run = await scanJson([`${server.origin}/webhook`], []);
      assert.ok(run.code === 0 || run.code === 3, run.stderr);
      const result = parse(run);
      const notes = JSON.stringify(result.notes);
      assert.ok(
        result.notes.some((note) => note.includes('429')),
        `a note names 429: ${notes}`,
      );
    });
  });

  // Defect 10: verification gated on a JSON Content-Type; the finding must name the
  // content type as the switch, not a form field that merely rode along.
  it('given a receiver verifying JSON only, should name Content-Type as the bypass', async () => {
    const server = await receiver((req, body, res) => {
      const mediaType = (req.headers['content-type'] ?? '').split(';')[0]!.trim();
      const isJson = mediaType === 'application/json';
      if (isJson && req.headers[SIGNATURE_HEADER] !== signatureFor(body)) {
        return json(res, 401, { error: 'invalid signature' });
      }
      return json(res, 200, { ok: true });
    });
    await withServer(server, async () => {
      const run = await scanJson([`${server.origin}/webhook`], []);
      assert.equal(run.code, 0, run.stderr);
      const bypass = parse(run).findings.filter((f) => f.id === 'verification-bypass-switch');
      assert.equal(bypass.length, 1, run.stdout);
      const said = `${bypass[0]!.message} ${JSON.stringify(bypass[0]!.details ?? {})}`;
      assert.match(said, /Content-Type/i);
      assert.doesNotMatch(said, /ssl_check/);
    });
  });

  // Defect 16: probes that time out were dropped silently.
  it('given a PUT that never answers, should note that some probes got no answer', async () => {
    const server = await receiver((req, body, res) => {
      if (req.method === 'PUT') return; // holds the request open until the scanner gives up
      if (req.headers[SIGNATURE_HEADER] !== signatureFor(body)) {
        return json(res, 401, { error: 'invalid signature' });
      }
      return json(res, 200, { ok: true });
    });
    await withServer(server, async () => {
      const url = `${server.origin}/webhook`;
      const run = await scanJson([url], ['--timeout', '1500'], { timeoutMs: 30_000 });
      assert.equal(run.code, 0, run.stderr);
      const result = parse(run);
      const unanswered = /no answer|not answer|never answered|timed out|time limit/i;
      assert.ok(
        result.notes.some((note) => unanswered.test(note)),
        `a note says some probes got no answer: ${JSON.stringify(result.notes)}`,
      );
    });
  });
});

describe('CLI regressions: redirects and reachability', () => {
  // Defect 5: POST /hook → 308 /hook/ must be followed on the same origin, and said.
  it('given a same-origin 308 to a header-optional route, should follow and say so', async () => {
    const server = await receiver((req, body, res) => {
      if (req.url === '/hook') {
        res.writeHead(308, { location: '/hook/' });
        return res.end();
      }
      return headerOptional(req, body, res);
    });
    await withServer(server, async () => {
      const run = await scanJson([`${server.origin}/hook`], []);
      assert.equal(run.code, 0, run.stderr);
      const result = parse(run);
      assert.ok(findingKeys(result).includes('unsigned-request-accepted/critical'), run.stdout);
      const notes = JSON.stringify(result.notes);
      assert.ok(
        result.notes.some((note) => /redirect/i.test(note)),
        `a note says so: ${notes}`,
      );
    });
  });

  // Defect 5: a redirect to an origin outside the scope must stop the scan, not be
  // followed and not be scanned as if it were the endpoint's own answer.
  it('given a redirect off scope, should exit 3 naming --scope, sending nothing on', async () => {
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
  it('given two URLs, one unreachable, should exit 3 and still print the report', async () => {
    const server = await receiver(headerOptional);
    await withServer(server, async () => {
      const port = await closedPort();
      const unreachable = `http://127.0.0.1:${port}/webhook`;
      const run = await scanJson([`${server.origin}/webhook`, unreachable], []);
      assert.equal(run.code, 3, run.stderr);
      const scanned = parse(run).endpoints.map((endpoint) => endpoint.url);
      assert.ok(
        scanned.some((url) => url.startsWith(server.origin)),
        run.stdout,
      );
    });
  });

  // Defect 7: every request answered 405 means the method is wrong, not a clean scan.
  it('given 405 to every request, should exit 3 naming 405 and --method', async () => {
    const server = await receiver((_req, _body, res) =>
      json(res, 405, { error: 'not allowed' }),
    );
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
    [
      'an --output in a missing folder',
      'defect 8',
      ['--output', join(folder, 'a', 'b')],
      /output/,
    ],
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
        const url = `${server.origin}/webhook`;
        const run = await runCli(['scan', url, '--scheme', 'plain', ...args], {
          timeoutMs: 12e3,
        });
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
        const args = [
          '--scheme',
          'plain',
          '--format',
          format,
          '--fail-on',
          'never',
          '--verbose',
        ];
        const run = await runCli(['scan', url, ...args]);
        assert.equal(run.code, 0, run.stderr.replaceAll(password, '<leaked>'));
        assert.ok(!run.stdout.includes(password), 'not in stdout');
        assert.ok(!run.stderr.includes(password), 'not in stderr');
      });
    });
  }

  it('given an unreachable URL with a password, should not show it in the error', async () => {
    const port = await closedPort();
    const url = `http://user:${password}@127.0.0.1:${port}/webhook`;
    const run = await runCli(['scan', url, '--scheme', 'plain']);
    assert.equal(run.code, 3);
    assert.ok(!(run.stdout + run.stderr).includes(password), 'not in the output');
  });

  // Defect 15: the same URL given twice was scanned twice.
  it('given the same URL twice, should scan it once', async () => {
    const server = await receiver(headerOptional);
    await withServer(server, async () => {
      const url = `${server.origin}/webhook`;
      const run = await scanJson([url, url], []);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(parse(run).endpoints.length, 1, run.stdout);
    });
  });
});
