#!/usr/bin/env node
// Builds dist/ (the CLI under test) and runs every test file with Node's test runner.
// Node 20's --test does not expand globs, so the file list is gathered here.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const build = spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const only = process.argv.slice(2);
const files = readdirSync('test', { recursive: true })
  .map(String)
  .filter((file) => file.endsWith('.test.ts'))
  .filter((file) => only.length === 0 || only.some((name) => file.includes(name)))
  .sort()
  .map((file) => join('test', file));

// Timing tests measure microseconds: they run alone, after the rest, so another test
// file's CPU load cannot hide a planted difference.
const timing = files.filter((file) => file.includes('timing'));
const others = files.filter((file) => !timing.includes(file));
let status = 0;
for (const [group, concurrency] of [
  [others, 2],
  [timing, 1],
]) {
  if (group.length === 0) continue;
  const run = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '--test',
      '--test-reporter=spec',
      `--test-concurrency=${concurrency}`,
      ...group,
    ],
    { stdio: 'inherit' },
  );
  status ||= run.status ?? 1;
}
process.exit(status);
