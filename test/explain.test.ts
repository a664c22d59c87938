import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ALL_CHECKS } from '../src/checks/index.js';
import { closestIds, explainCheck } from '../src/cli/explain-command.js';
import {
  CORE_FRAMEWORKS,
  fixesFor,
  KEYS_WITHOUT_TESTED_FIX,
} from '../src/remediation/fixes.js';
import { runCli } from './support/cli.js';

describe('sigprobe explain', () => {
  for (const { meta } of ALL_CHECKS) {
    it(`given ${meta.id}, should explain what it proves, how, what it sends and the fixes`, () => {
      const text = explainCheck(meta.id);
      assert.ok(text.startsWith(`${meta.id} — ${meta.title}`));
      for (const heading of ['What a finding proves', 'How', 'What it sends', 'Fix']) {
        assert.match(text, new RegExp(`^${heading}$`, 'm'), heading);
      }
      for (const cwe of meta.cwe) assert.ok(text.includes(`CWE-${cwe}`), `CWE-${cwe}`);
      assert.ok(text.includes(meta.owasp), 'OWASP API Top 10 (2023) category');
      assert.doesNotMatch(text, /Category\s+uncategorised/);
      // Keys whose fix is still text only say so instead (src/remediation/fixes.ts).
      if (KEYS_WITHOUT_TESTED_FIX.includes(meta.remediation)) return;
      const fixes = fixesFor(meta.remediation);
      for (const framework of CORE_FRAMEWORKS) {
        const own = fixes.filter((fix) => fix.framework === framework.id);
        assert.ok(own.length > 0, `${framework.title}: no fix`);
        for (const fix of own)
          assert.ok(text.includes(`${framework.title} (tested in ${fix.source})`), fix.source);
      }
      // Each snippet shown is its tested file's region, byte for byte (indented).
      for (const fix of fixes.filter((f) => f.framework === 'flask')) {
        for (const line of fix.code.split('\n').filter(Boolean))
          assert.ok(text.includes(`    ${line}`), line);
      }
    });
  }

  const typos: Array<[string, string]> = [
    ['unsigned-request-acepted', 'unsigned-request-accepted'],
    ['method-not-coverd', 'method-not-covered'],
    ['bypass', 'verification-bypass-switch'],
    ['plaintext', 'plaintext-transport'],
  ];
  for (const [typed, suggested] of typos) {
    it(`given the unknown id "${typed}", should suggest ${suggested}`, () => {
      assert.equal(closestIds(typed)[0], suggested);
    });
  }

  it('given an id like nothing known, should suggest nothing and exit 2 with one line', async () => {
    assert.deepEqual(closestIds('zzzzzzzzzzzzzzzz'), []);
    const run = await runCli(['explain', 'unsigned-request-acepted']);
    assert.equal(run.code, 2);
    // The closest id comes first; others within reach may follow it.
    assert.match(
      run.stderr,
      /^sigprobe: unknown check "unsigned-request-acepted"; did you mean unsigned-request-accepted[ ?].*\(run "sigprobe checks" to list them\)\n$/,
    );
    assert.equal(run.stderr.split('\n').length, 2, 'one line');
  });

  it('given --framework, should show only that framework’s fix', async () => {
    const run = await runCli([
      'explain',
      'malformed-signature-accepted',
      '--framework',
      'django',
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /Django \(tested in lab\/fixes\/django_receiver\.py\)/);
    assert.doesNotMatch(run.stdout, /Flask \(tested/);
  });
});
