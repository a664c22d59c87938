import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Finding } from '../src/model/finding.js';
import { Redactor } from '../src/report/redact.js';
import type { ScanResult } from '../src/report/result.js';
import { renderSarif } from '../src/report/sarif.js';
import { scoreFindings } from '../src/report/score.js';
import { sarifValidator } from './support/schemas.js';

const URL = 'https://api.example.test/hooks/orders';

function finding(location?: Finding['location']): Finding {
  return {
    id: 'unsigned-request-accepted',
    title: 'Request without a signature is accepted',
    severity: 'critical',
    confidence: 'high',
    cwe: [306],
    owasp: 'API2:2023 Broken Authentication',
    method: 'POST',
    url: URL,
    ...(location ? { location } : {}),
    scheme: 'plain',
    message: 'Accepted without a signature.',
    basis: 'HTTP 200 vs 401',
    evidence: [
      {
        exchangeId: 1,
        role: 'probe',
        label: 'no signature',
        request: {
          method: 'POST',
          url: URL,
          headers: [['Content-Type', 'application/json']],
          bodyExcerpt: '{}',
          bodyBytes: 2,
        },
        response: {
          status: 200,
          headers: [],
          bodyExcerpt: 'ok',
          bodyBytes: 2,
          truncated: false,
        },
      },
    ],
    reproduce: `curl -X POST ${URL}`,
    remediation: { key: 'verify-every-request', summary: 'Verify.' },
  };
}

function resultWith(findings: Finding[]): ScanResult {
  return {
    schemaVersion: '1.1.0',
    tool: { name: 'sigprobe', version: '0.0.0' },
    target: URL,
    endpoints: [{ method: 'POST', url: URL }],
    scheme: { id: 'plain', source: 'spec' },
    level: 'spec',
    safe: true,
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 1,
    requestsSent: 1,
    summary: { info: 0, low: 0, medium: 0, high: 0, critical: findings.length },
    score: scoreFindings(findings, []),
    findings,
    notes: [],
    checks: [],
  };
}

interface Location {
  physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } };
  logicalLocations: Array<{ fullyQualifiedName: string }>;
}

describe('SARIF locations', () => {
  const cases: Array<[string, Finding['location'], string, number | undefined]> = [
    [
      'a spec file and line',
      { file: 'api/openapi.yaml', pointer: '/paths/~1orders/post', line: 42 },
      'api/openapi.yaml',
      42,
    ],
    [
      'a spec file without a line',
      { file: 'api/openapi.yaml', pointer: '/paths/~1orders/post' },
      'api/openapi.yaml',
      undefined,
    ],
    ['no spec', undefined, URL, undefined],
  ];
  for (const [name, location, uri, line] of cases) {
    it(`given ${name}, should locate the result at ${uri}${line ? `:${line}` : ''} and validate`, () => {
      const log = JSON.parse(renderSarif(resultWith([finding(location)]), new Redactor())) as {
        runs: Array<{ results: Array<{ locations: Location[] }> }>;
      };
      const validate = sarifValidator();
      assert.ok(validate(log), JSON.stringify(validate.errors?.slice(0, 3)));
      const [where] = log.runs[0]!.results[0]!.locations;
      assert.equal(where!.physicalLocation.artifactLocation.uri, uri);
      assert.equal(where!.physicalLocation.region?.startLine, line);
      assert.equal(where!.logicalLocations[0]!.fullyQualifiedName, `POST ${URL}`);
    });
  }
});
