#!/usr/bin/env node
// Builds the optional native cracking kernel (native/) at install time. It needs a C++
// compiler and Node's own headers on this machine; node-gyp is pointed at them with
// --nodedir so it never downloads anything. When either is missing, or the build
// fails, sigprobe uses its node:crypto fallback, so this script never fails the install.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const nodeDir = join(dirname(process.execPath), '..');
const headers = join(nodeDir, 'include', 'node');

function skip(reason) {
  console.log(
    `sigprobe: native cracking kernel not built (${reason}); using the node:crypto fallback`,
  );
  process.exit(0);
}

if (!existsSync(join(headers, 'node_api.h')) || !existsSync(join(headers, 'common.gypi'))) {
  skip(`no Node headers at ${headers}`);
}
if (!existsSync(join(headers, 'openssl', 'sha.h'))) skip('Node headers lack OpenSSL');

// npm puts its bundled node-gyp in npm_config_node_gyp while running scripts.
const candidates = [
  process.env.npm_config_node_gyp,
  join(
    dirname(process.execPath),
    '..',
    'lib',
    'node_modules',
    'npm',
    'node_modules',
    'node-gyp',
    'bin',
    'node-gyp.js',
  ),
].filter(Boolean);
const nodeGyp = candidates.find((path) => existsSync(path));
if (!nodeGyp) skip('node-gyp not found');

const build = spawnSync(process.execPath, [nodeGyp, 'rebuild', `--nodedir=${nodeDir}`], {
  cwd: join(root, 'native'),
  stdio: ['ignore', 'pipe', 'pipe'],
  timeout: 180_000,
});
if (build.status !== 0) {
  const detail = (build.stderr?.toString() ?? '').trim().split('\n').slice(-1)[0] ?? '';
  skip(`build failed: ${detail || build.error?.message || 'unknown'}`);
}
console.log('sigprobe: native cracking kernel built');
