import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ALL_CHECKS } from '../src/checks/index.js';
import { CheckRegistry, validateMeta } from '../src/checks/registry.js';
import type { Check, CheckMeta } from '../src/checks/types.js';
import { loadExpectations } from './support/expectations.js';
import { ROOT } from './support/lab.js';
import { readdirSync } from 'node:fs';

const valid: CheckMeta = {
  id: 'example-check',
  title: 'Example',
  proves: 'something',
  severity: 'high',
  cwe: [306],
  owasp: 'API2:2023 Broken Authentication',
  level: 'L0',
  remediation: 'verify-every-request',
  sends: ['forged'],
};
const check = (meta: Partial<CheckMeta>): Check => ({
  meta: { ...valid, ...meta },
  run: async () => [],
});

describe('check registry', () => {
  const broken: Array<[string, Partial<CheckMeta>, RegExp]> = [
    ['an id that is not kebab-case', { id: 'Example_Check' }, /kebab-case/],
    ['an unknown severity', { severity: 'severe' as CheckMeta['severity'] }, /severity/],
    ['no CWE', { cwe: [] }, /cwe/],
    ['an OWASP id from another list', { owasp: 'A01:2021 Broken Access Control' }, /owasp/],
    ['an undefined remediation key', { remediation: 'pray' }, /remediation/],
    ['an empty send list', { sends: [] }, /sends/],
  ];
  for (const [name, meta, pattern] of broken) {
    it(`given metadata with ${name}, should fail at load`, () => {
      assert.match(validateMeta({ ...valid, ...meta }).join('; '), pattern);
      assert.throws(() => new CheckRegistry([check(meta)]), pattern);
    });
  }

  it('given the same id twice, should fail at load', () => {
    assert.throws(() => new CheckRegistry([check({}), check({})]), /registered twice/);
  });

  it('given subsumedBy naming an unknown check, should fail at load', () => {
    assert.throws(() => new CheckRegistry([check({ subsumedBy: ['ghost'] })]), /unknown ghost/);
  });

  it('given the shipped checks, should load them sorted by id', () => {
    const ids = new CheckRegistry(ALL_CHECKS).ids();
    assert.deepEqual(ids, [...ids].sort());
  });
});

// Every registered check is documented, triggered by a lab target, and stays silent
// on at least one target where it runs (STYLE.md, "What we take", 8).
describe('consistency of checks, docs and lab', () => {
  const docs = readFileSync(`${ROOT}docs/checks.md`, 'utf8');
  const folders = readdirSync(`${ROOT}lab`, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => `lab/${entry.name}`);
  const expectations = folders.flatMap((folder) => loadExpectations(folder));

  for (const { meta } of ALL_CHECKS) {
    it(`given ${meta.id}, should have docs, a lab target that triggers it and one that does not`, () => {
      assert.match(docs, new RegExp(`^### ${meta.id}$`, 'm'), 'docs/checks.md section');
      const triggering = expectations.filter((e) => e.expected.some((f) => f.id === meta.id));
      const silent = expectations.filter((e) => !e.expected.some((f) => f.id === meta.id));
      assert.ok(triggering.length > 0, 'no lab target declares this finding');
      assert.ok(silent.length > 0, 'no lab target is silent on it');
    });
  }
});
