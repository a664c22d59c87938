import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ALL_CHECKS } from '../src/checks/index.js';
import { parseThreshold, thresholdMiss } from '../src/cli/threshold.js';
import type { Finding } from '../src/model/finding.js';
import type { Confidence, Severity } from '../src/model/severity.js';
import { CHECK_CATEGORIES, CATEGORIES } from '../src/report/categories.js';
import { gradeFor, scoreFindings } from '../src/report/score.js';

const URL_A = 'https://api.example.test/webhook';
const URL_B = 'https://api.example.test/orders';

function finding(
  id: string,
  severity: Severity,
  confidence: Confidence = 'high',
  url = URL_A,
): Finding {
  return {
    id,
    title: id,
    severity,
    confidence,
    cwe: [306],
    owasp: 'API2:2023 Broken Authentication',
    method: 'POST',
    url,
    scheme: 'plain',
    message: 'm',
    basis: 'b',
    evidence: [],
    reproduce: 'curl x',
    remediation: { key: 'verify-every-request', summary: 's' },
  };
}

const ran = (...ids: string[]) =>
  ids.map((checkId) => ({ checkId, endpoint: `POST ${URL_A}`, status: 'ran' }));

describe('score and grade (sigprobe-score/1)', () => {
  // [case, findings, expected score, expected grade]
  const cases: Array<[string, Finding[], number, string]> = [
    ['no findings', [], 100, 'A'],
    ['only info findings', [finding('plaintext-transport', 'info')], 100, 'A'],
    ['one low', [finding('undefined-security-scheme', 'low')], 96, 'A'],
    ['one medium', [finding('timing-discrepancy', 'medium')], 88, 'B'],
    ['one medium at low confidence', [finding('timing-discrepancy', 'medium', 'low')], 94, 'A'],
    ['one high (capped at C)', [finding('replay-accepted', 'high')], 75, 'C'],
    [
      'one high at low confidence: score 88 but capped at C',
      [finding('replay-accepted', 'high', 'low')],
      88,
      'C',
    ],
    ['one critical', [finding('unsigned-request-accepted', 'critical')], 50, 'F'],
    [
      'a critical at low confidence: score 75, still F',
      [finding('unsigned-request-accepted', 'critical', 'low')],
      75,
      'F',
    ],
    [
      'two mediums multiply',
      [finding('timing-discrepancy', 'medium'), finding('verification-error-leak', 'medium')],
      77,
      'C',
    ],
    [
      'the same check on the same endpoint twice counts once, at its worst',
      [finding('timing-discrepancy', 'medium', 'low'), finding('timing-discrepancy', 'medium')],
      88,
      'B',
    ],
    [
      'the same check on two endpoints counts twice',
      [
        finding('timing-discrepancy', 'medium'),
        finding('timing-discrepancy', 'medium', 'high', URL_B),
      ],
      77,
      'C',
    ],
  ];
  for (const [name, findings, score, grade] of cases) {
    it(`given ${name}, should score ${score} and grade ${grade}`, () => {
      const card = scoreFindings(findings, ran('unsigned-request-accepted'));
      assert.equal(card.score, score);
      assert.equal(card.grade, grade);
      assert.equal(
        Boolean(card.cap),
        gradeFor(score) !== grade,
        'a cap is reported exactly when it lowered the grade',
      );
    });
  }

  it('given the same findings in another order, should give the same score', () => {
    const list = [
      finding('replay-accepted', 'high'),
      finding('timing-discrepancy', 'medium', 'low'),
      finding('undefined-security-scheme', 'low'),
    ];
    const forward = scoreFindings(list, []);
    const backward = scoreFindings([...list].reverse(), []);
    assert.equal(forward.score, backward.score);
    assert.equal(forward.grade, backward.grade);
  });

  it('given categories where no check ran, should mark them not assessed instead of perfect', () => {
    const card = scoreFindings(
      [finding('unsigned-request-accepted', 'critical')],
      ran('unsigned-request-accepted', 'plaintext-transport'),
    );
    const byId = Object.fromEntries(card.categories.map((c) => [c.id, c.score]));
    assert.deepEqual(byId, {
      authentication: 50,
      'signature-integrity': null,
      replay: null,
      'information-leaks': null,
      'brute-force': null,
      transport: 100,
      'spec-conformance': null,
    });
  });

  it('given a finding dropped because another explains it, should still lower its own category', () => {
    const runs = [
      ...ran('unsigned-request-accepted'),
      {
        checkId: 'invalid-signature-accepted',
        endpoint: `POST ${URL_A}`,
        status: 'ran',
        explainedBy: 'unsigned-request-accepted',
      },
    ];
    const card = scoreFindings([finding('unsigned-request-accepted', 'critical')], runs);
    assert.equal(card.score, 50, 'counted once in the overall score');
    assert.equal(card.categories.find((c) => c.id === 'signature-integrity')?.score, 50);
  });
});

describe('score categories', () => {
  it('given every registered check, should map it to a category', () => {
    for (const { meta } of ALL_CHECKS) {
      assert.ok(CATEGORIES.includes(CHECK_CATEGORIES[meta.id]!), `${meta.id} has no category`);
    }
  });

  it('given every category, should have at least one check in the table', () => {
    const used = new Set(Object.values(CHECK_CATEGORIES));
    for (const category of CATEGORIES) assert.ok(used.has(category), category);
  });
});

describe('--threshold', () => {
  const parsed: Array<[string, ReturnType<typeof parseThreshold> | RegExp]> = [
    ['80', { kind: 'score', min: 80 }],
    ['0', { kind: 'score', min: 0 }],
    ['100', { kind: 'score', min: 100 }],
    ['b', { kind: 'grade', min: 'B' }],
    ['F', { kind: 'grade', min: 'F' }],
    ['101', /0-100/],
    ['-1', /0-100/],
    ['7.5', /0-100/],
    ['E', /A-F/],
    ['', /A-F/],
  ];
  for (const [input, expected] of parsed) {
    it(`given "${input}", should ${expected instanceof RegExp ? 'reject it' : 'parse it'}`, () => {
      if (expected instanceof RegExp) assert.throws(() => parseThreshold(input), expected);
      else assert.deepEqual(parseThreshold(input), expected);
    });
  }

  const gates: Array<[string, string, boolean]> = [
    ['a score of 75 against 75', '75', false],
    ['a score of 75 against 76', '76', true],
    ['grade C against C', 'C', false],
    ['grade C against B', 'B', true],
    ['grade C against D', 'D', false],
  ];
  for (const [name, threshold, fails] of gates) {
    it(`given ${name}, should ${fails ? 'fail' : 'pass'}`, () => {
      const card = scoreFindings([finding('replay-accepted', 'high')], []);
      assert.equal(Boolean(thresholdMiss(card, parseThreshold(threshold))), fails);
    });
  }
});
