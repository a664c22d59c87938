import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCli } from './support/cli.js';
import { closedPort, httpServer, tcpServer } from './support/servers.js';

function assertOneLineError(stderr: string, pattern: RegExp): void {
  const lines = stderr.trim().split('\n');
  assert.equal(lines.length, 1, `expected one line, got:\n${stderr}`);
  assert.match(lines[0]!, pattern);
  assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
}

describe('CLI: bad input ends in one line and the right exit code', () => {
  const usage: Array<[string, string[], RegExp]> = [
    ['an ftp URL', ['scan', 'ftp://127.0.0.1/x'], /not an http:\/\/ or https:\/\/ URL/],
    ['text that is no URL', ['scan', 'not a url'], /not an http:\/\/ or https:\/\/ URL/],
    [
      'an unknown option',
      ['scan', 'http://127.0.0.1:1/x', '--frobnicate'],
      /unknown option '--frobnicate'/,
    ],
    ['an unknown scheme', ['scan', 'http://127.0.0.1:1/x', '--scheme', 'nope'], /nope/],
    ['a zero concurrency', ['scan', 'http://127.0.0.1:1/x', '--concurrency', '0'], /"0"/],
    [
      'an unknown check',
      ['scan', 'http://127.0.0.1:1/x', '--checks', 'no-such-check'],
      /unknown check "no-such-check"/,
    ],
    [
      'a malformed oracle',
      ['scan', 'http://127.0.0.1:1/x', '--oracle', 'DELETE x'],
      /--oracle takes "GET <url>"/,
    ],
    [
      'an off-scope oracle',
      ['scan', 'http://127.0.0.1:1/x', '--oracle', 'GET http://127.0.0.2:1/'],
      /outside the scan's scope/,
    ],
    [
      'an unset secret variable',
      ['scan', 'http://127.0.0.1:1/x', '--secret-env', 'SIGPROBE_UNSET_VAR'],
      /SIGPROBE_UNSET_VAR/,
    ],
    [
      'a missing body file',
      ['scan', 'http://127.0.0.1:1/x', '--body-file', '/nonexistent/body'],
      /cannot read --body-file/,
    ],
    [
      'an Adyen scan with a body that is no batch',
      ['scan', 'http://127.0.0.1:1/x', '--scheme', 'adyen', '--body', '{}'],
      /not a batch for the adyen scheme \(no items in notificationItems/,
    ],
    ['an unknown command', ['scna'], /unknown command 'scna'/],
  ];
  it('given an Adyen key that is not hex, should exit 2 with one line and not print it', async () => {
    const run = await runCli(
      ['scan', 'http://127.0.0.1:1/x', '--scheme', 'adyen', '--secret-env', 'SIGPROBE_BAD_KEY'],
      { env: { SIGPROBE_BAD_KEY: 'not-a-hex-key-zzz' } },
    );
    assert.equal(run.code, 2, run.stderr);
    assertOneLineError(run.stderr, /not a key for the adyen scheme: it must be hex digits/);
    assert.ok(!run.stderr.includes('not-a-hex-key-zzz'));
  });

  for (const [name, args, pattern] of usage) {
    it(`given ${name}, should exit 2 with one line`, async () => {
      const run = await runCli(args);
      assert.equal(run.code, 2, run.stderr);
      assertOneLineError(run.stderr, pattern);
      assert.equal(run.stdout, '');
    });
  }

  it('given a port nothing listens on, should exit 3 saying the connection was refused', async () => {
    const port = await closedPort();
    const run = await runCli(['scan', `http://127.0.0.1:${port}/webhook`]);
    assert.equal(run.code, 3);
    assertOneLineError(run.stderr, /connection refused/);
  });

  it('given a server that accepts and never answers, should exit 3 within the timeout', async () => {
    const server = await tcpServer(() => undefined);
    try {
      const started = Date.now();
      const run = await runCli(['scan', `${server.origin}/webhook`, '--timeout', '800'], {
        timeoutMs: 20_000,
      });
      assert.equal(run.code, 3);
      assertOneLineError(run.stderr, /never answered|time limit/);
      assert.ok(Date.now() - started < 10_000, 'bounded by the timeout, not by the test limit');
    } finally {
      await server.close();
    }
  });

  it('given a listener that does not speak HTTP, should exit 3 saying so', async () => {
    const server = await tcpServer((socket) => socket.end('SSH-2.0-OpenSSH_9.2\r\n'));
    try {
      const run = await runCli(['scan', `${server.origin}/webhook`, '--timeout', '2000']);
      assert.equal(run.code, 3);
      assertOneLineError(run.stderr, /valid HTTP|closed unexpectedly/);
    } finally {
      await server.close();
    }
  });

  it('given a 50 MB answer to every request, should keep 1 MiB of each and finish', async () => {
    const chunk = Buffer.alloc(1024 * 1024, 'a');
    const server = await httpServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'text/plain' });
      let sent = 0;
      const push = () => {
        while (sent < 50 && res.write(chunk)) sent += 1;
        if (sent >= 50) res.end();
        else
          res.once('drain', () => {
            sent += 1;
            push();
          });
      };
      push();
      res.on('error', () => undefined);
    });
    try {
      const run = await runCli([
        'scan',
        `${server.origin}/webhook`,
        '--format',
        'json',
        '--scheme',
        'plain',
      ]);
      assert.ok(run.code === 0 || run.code === 1, run.stderr);
      const result = JSON.parse(run.stdout) as { notes: string[]; findings: unknown[] };
      assert.deepEqual(
        result.findings.map((f) => (f as { id: string }).id),
        ['plaintext-transport'],
      );
      assert.ok(
        result.notes.some((note) => note.includes('answered alike')),
        'says it could not judge',
      );
    } finally {
      await server.close();
    }
  });
});
