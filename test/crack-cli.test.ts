import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createReadStream, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from './support/cli.js';
import { ROOT } from './support/lab.js';
import { writeSignedSample } from './support/samples.js';

// `sigprobe crack` as a user runs it: samples whose secrets sit at known lines of
// wordlists generated here, so no large file is committed.
const dir = mkdtempSync(join(tmpdir(), 'sigprobe-crack-'));
const LINES = 60_000;
const wordlist = join(dir, 'words.txt');
writeFileSync(
  wordlist,
  Array.from({ length: LINES }, (_, i) => `pass-${i}-x`).join('\n') + '\n',
);
const secretAt = (line: number): string => `pass-${line - 1}-x`;

interface CrackJson {
  found: boolean;
  scheme?: string;
  secret?: string;
  secretLength?: number;
  foundIn?: { source: string; line: number };
  tested: number;
  stopped: string;
  kernel: string;
}

async function crackJson(args: string[]) {
  const run = await runCli(['crack', ...args, '--format', 'json']);
  return { run, json: run.code === 2 ? undefined : (JSON.parse(run.stdout) as CrackJson) };
}

describe('sigprobe crack', () => {
  const deepSecret = secretAt(45_678);
  const deep = writeSignedSample({ scheme: 'github', secret: deepSecret, dir });

  const found: Array<{ name: string; args: string[]; line: number; source: RegExp }> = [
    {
      name: 'a wordlist file',
      args: ['--wordlist', wordlist],
      line: 45_678,
      source: /^wordlist /,
    },
    {
      name: 'a wordlist file (js kernel)',
      args: ['--wordlist', wordlist, '--kernel', 'js'],
      line: 45_678,
      source: /^wordlist /,
    },
    {
      name: 'a wordlist file (one worker)',
      args: ['--wordlist', wordlist, '--workers', '1'],
      line: 45_678,
      source: /^wordlist /,
    },
  ];
  for (const row of found) {
    it(`given a GitHub sample and its secret at line 45678 of ${row.name}, should exit 0 and name that line`, async () => {
      const { run, json } = await crackJson([deep, ...row.args]);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(json?.found, true);
      assert.equal(json?.scheme, 'github');
      assert.equal(json?.foundIn?.line, row.line);
      assert.match(json?.foundIn?.source ?? '', row.source);
      assert.equal(json?.secretLength, deepSecret.length);
      assert.equal(json?.secret, undefined);
      assert.ok(
        !run.stdout.includes(deepSecret) && !run.stderr.includes(deepSecret),
        'secret leaked without --show-secret',
      );
    });
  }

  it('given the wordlist on stdin ("-"), should find the same line', async () => {
    const child = spawn(
      process.execPath,
      ['bin/sigprobe.js', 'crack', deep, '--wordlist', '-', '--format', 'json'],
      {
        cwd: ROOT,
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    // The CLI stops reading at the hit, so the rest of the pipe is refused: expected.
    child.stdin.on('error', () => undefined);
    const input = createReadStream(wordlist);
    input.pipe(child.stdin);
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    input.destroy();
    assert.equal(code, 0);
    assert.equal((JSON.parse(stdout) as CrackJson).foundIn?.line, 45_678);
  });

  it('given --show-secret, should print the recovered secret in text output', async () => {
    const run = await runCli(['crack', deep, '--wordlist', wordlist, '--show-secret']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, new RegExp(`secret: +"${deepSecret}"`));
    assert.match(run.stdout, /found in: wordlist .*line 45678/);
  });

  it('given a secret in no list, should exit 1 after testing every candidate', async () => {
    const sample = writeSignedSample({
      scheme: 'github',
      secret: 'not-in-any-list-9f2',
      dir: mkdtempSync(join(dir, 'x')),
    });
    const { run, json } = await crackJson([sample, '--wordlist', wordlist]);
    assert.equal(run.code, 1, run.stderr);
    assert.equal(json?.found, false);
    assert.equal(json?.stopped, 'exhausted');
    assert.ok((json?.tested ?? 0) > LINES, `tested ${json?.tested}`);
  });

  it("given --max-candidates below the secret's line, should stop there and exit 1", async () => {
    const { run, json } = await crackJson([
      deep,
      '--wordlist',
      wordlist,
      '--max-candidates',
      '5000',
    ]);
    assert.equal(run.code, 1, run.stderr);
    assert.equal(json?.stopped, 'max-candidates');
    assert.equal(json?.tested, 5000);
  });

  it('given a bundled default secret, should find it in the bundled list without a wordlist', async () => {
    const sample = writeSignedSample({
      scheme: 'plain',
      secret: 'development',
      dir: mkdtempSync(join(dir, 'b')),
    });
    const { run, json } = await crackJson([sample]);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(json?.foundIn, { source: 'bundled list', line: 3 });
  });

  it('given the empty secret, should report it as such', async () => {
    const sample = writeSignedSample({
      scheme: 'stripe',
      secret: '',
      dir: mkdtempSync(join(dir, 'e')),
    });
    const run = await runCli(['crack', sample]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /the empty secret \(0 bytes\)/);
  });

  it('given --rules case,years, should find a capitalised word with a year suffix', async () => {
    const words = join(dir, 'seasons.txt');
    writeFileSync(words, 'winter\nspring\nsummer\nautumn\n');
    const sample = writeSignedSample({
      scheme: 'slack',
      secret: 'Summer2024',
      dir: mkdtempSync(join(dir, 'r')),
    });
    const plain = await crackJson([sample, '--wordlist', words, '--no-bundled']);
    assert.equal(plain.run.code, 1);
    const { run, json } = await crackJson([
      sample,
      '--wordlist',
      words,
      '--no-bundled',
      '--rules',
      'case,years',
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(json?.foundIn?.line, 3);
  });

  const bad: Array<{ name: string; args: () => string[]; message: RegExp }> = [
    {
      name: 'a missing sample file',
      args: () => [join(dir, 'nope.http')],
      message: /cannot read/,
    },
    {
      name: 'an unsigned sample',
      args: () => [unsignedSample()],
      message: /does not carry a signature/,
    },
    {
      name: 'a missing wordlist',
      args: () => [deep, '--wordlist', join(dir, 'none.txt')],
      message: /cannot read --wordlist/,
    },
    {
      name: '--no-bundled and no wordlist',
      args: () => [deep, '--no-bundled'],
      message: /no candidates/,
    },
    {
      name: 'an unknown rule',
      args: () => [deep, '--rules', 'leet'],
      message: /unknown rule "leet"/,
    },
  ];
  for (const row of bad) {
    it(`given ${row.name}, should exit 2 with a one-line message`, async () => {
      const run = await runCli(['crack', ...row.args()]);
      assert.equal(run.code, 2, run.stdout);
      assert.match(run.stderr, row.message);
      assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
    });
  }

  function unsignedSample(): string {
    const file = join(dir, 'unsigned.http');
    writeFileSync(
      file,
      'POST /webhook HTTP/1.1\r\nHost: 127.0.0.1:9\r\nContent-Length: 2\r\n\r\n{}',
    );
    return file;
  }
});
