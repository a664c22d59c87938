import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { InputError } from '../src/model/errors.js';
import { planSpecScan } from '../src/scan/spec-plan.js';
import { runCli } from './support/cli.js';
import { ROOT, startLabTarget } from './support/lab.js';

interface ExpectedFinding {
  id: string;
  severity: string;
  operation: string;
  pointer?: string;
}

interface ReportedFinding {
  id: string;
  severity: string;
  operation?: string;
  location?: { file: string; pointer: string; line?: number };
}

const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats.default(ajv);
const validateReport = ajv.compile(
  JSON.parse(readFileSync(join(ROOT, 'schema/scan-result.schema.json'), 'utf8')) as object,
);

const key = (f: { id: string; severity: string; operation?: string }) =>
  `${f.id}/${f.severity}/${f.operation ?? ''}`;

// The lab APIs declare each expected finding with the operation it must name; the
// scan must produce exactly that list, and every operation finding must point at
// the operation in the spec (file, JSON pointer and line).
describe('lab: Flask APIs scanned from their spec', () => {
  for (const name of ['shop_api', 'secure_api']) {
    const expectation = JSON.parse(
      readFileSync(join(ROOT, 'lab/flask-api', `${name}.expect.json`), 'utf8'),
    ) as {
      description: string;
      args: string[];
      expected: ExpectedFinding[];
    };

    const title =
      `given ${name} (${expectation.description}), ` +
      'should report exactly its findings, each naming its operation';
    it(title, async () => {
      const target = await startLabTarget(`lab/flask-api/${name}.py`);
      try {
        const run = await runCli([
          'scan',
          target.origin,
          ...expectation.args,
          '--format',
          'json',
          '--fail-on',
          'never',
        ]);
        assert.equal(run.code, 0, run.stderr);
        const result = JSON.parse(run.stdout) as { findings: ReportedFinding[]; level: string };
        assert.ok(validateReport(result), JSON.stringify(validateReport.errors, null, 2));
        assert.equal(result.level, 'spec');
        assert.deepEqual(
          result.findings.map(key).sort(),
          expectation.expected.map(key).sort(),
          run.stdout.slice(0, 4000),
        );

        for (const finding of result.findings) {
          assert.ok(finding.location, `${key(finding)} has no spec location`);
          const wanted = expectation.expected.find((e) => key(e) === key(finding))?.pointer;
          if (wanted) assert.equal(finding.location.pointer, wanted);
          if (!finding.operation?.startsWith('undocumented')) {
            assert.ok(
              finding.location.line && finding.location.line > 1,
              `${key(finding)} has no line`,
            );
          }
        }
      } finally {
        await target.stop();
      }
    });
  }

  it('given --safe, should leave the unsecured write unprobed and find the rest', async () => {
    const target = await startLabTarget('lab/flask-api/shop_api.py');
    try {
      const run = await runCli([
        'scan',
        target.origin,
        '--spec',
        'lab/flask-api/shop_api.openapi.yaml',
        '--safe',
        '--format',
        'json',
        '--fail-on',
        'never',
      ]);
      assert.equal(run.code, 0, run.stderr);
      const result = JSON.parse(run.stdout) as { findings: ReportedFinding[]; notes: string[] };
      const operations = result.findings.map((f) => f.operation);
      assert.ok(!operations.includes('updateOrder (PATCH /orders/{orderId})'));
      assert.ok(operations.includes('createOrder (POST /orders)'));
      assert.ok(
        result.notes.some(
          (note) => note.startsWith('Not probed (--safe') && note.includes('updateOrder'),
        ),
        result.notes.join('\n'),
      );
    } finally {
      await target.stop();
    }
  });

  it('given the spec as a URL on the target, should fetch it and apply --operations', async () => {
    const target = await startLabTarget('lab/flask-api/secure_api.py');
    try {
      const spec = `${target.origin}/specs/secure_api.openapi.json`;
      const run = await runCli([
        'scan',
        target.origin,
        '--spec',
        spec,
        '--operations',
        'listNotes,POST /webhooks/billing',
        '--format',
        'json',
        '--fail-on',
        'never',
      ]);
      assert.equal(run.code, 0, run.stderr);
      const result = JSON.parse(run.stdout) as {
        endpoints: Array<{ operation: string }>;
        findings: ReportedFinding[];
      };
      assert.deepEqual(result.endpoints.map((e) => e.operation).sort(), [
        'billingWebhook (POST /webhooks/billing)',
        'listNotes (GET /notes)',
      ]);
      assert.equal(result.findings[0]?.location?.file, spec);
    } finally {
      await target.stop();
    }
  });

  it('given a spec URL on another origin, should refuse it before sending anything', async () => {
    const run = await runCli([
      'scan',
      'http://127.0.0.1:9',
      '--spec',
      'http://127.0.0.1:1/openapi.json',
    ]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /outside the scan's scope/);
  });
});

// Real public specs shipped in npm packages: they must load and plan, and the
// operation count is the document's own (every path × method).
describe('real specs: parse and plan', () => {
  const cases = [
    { file: '@octokit/openapi/generated/api.github.com.json', operations: 1223 },
    { file: '@blockfrost/openapi/openapi.yaml', operations: 129 },
    { file: '@readme/oas-examples/3.1/yaml/train-travel.yaml', operations: 7 },
    { file: '@readme/oas-examples/3.1/json/readme.json', operations: 54 },
    { file: '@readme/oas-examples/2.0/json/petstore.json', operations: 20 },
    { file: '@readme/oas-examples/3.0/json/schema-circular.json', operations: 3 },
  ];
  for (const { file, operations } of cases) {
    it(`given ${file}, should plan ${operations} operations`, async () => {
      const plan = await planSpecScan({
        spec: join(ROOT, 'node_modules', file),
        target: 'http://127.0.0.1:9',
      });
      assert.equal(plan.operationsTotal, operations);
      assert.equal(plan.endpoints.length, operations);
      for (const endpoint of plan.endpoints)
        assert.ok(endpoint.url.startsWith('http://127.0.0.1:9/'), endpoint.url);
    });
  }
});

function writeSpec(text: string, name = 'spec.yaml'): string {
  const dir = mkdtempSync(join(tmpdir(), 'sigprobe-spec-'));
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

const SECURITY_SPEC = `
openapi: 3.1.0
info: { title: t, version: '1' }
security: [{ bearer: [] }]
paths:
  /inherited: { post: { operationId: inherited, responses: {} } }
  /public: { post: { operationId: public, security: [], responses: {} } }
  /optional: { post: { operationId: optional, security: [{ bearer: [] }, {}], responses: {} } }
  /extension: { post: { operationId: extension, security: [{ ext: [] }], responses: {} } }
  /known-header: { post: { operationId: knownHeader, security: [{ hub: [] }], responses: {} } }
  /custom-header: { post: { operationId: customHeader, security: [{ custom: [] }], responses: {} } }
  /undefined: { post: { operationId: undefinedScheme, security: [{ nowhere: [] }], responses: {} } }
  /either: { post: { operationId: either, security: [{ key: [] }, { hub: [] }], responses: {} } }
components:
  securitySchemes:
    bearer: { type: http, scheme: bearer }
    key: { type: apiKey, in: query, name: key }
    ext:
      type: apiKey
      in: header
      name: X-Sig
      x-sigprobe-signature: { scheme: github, tag: '' }
    hub: { type: apiKey, in: header, name: X-Hub-Signature-256 }
    custom: { type: apiKey, in: header, name: X-Custom-Sig }
    spare: { type: apiKey, in: cookie, name: spare }
`;

describe('spec security model', () => {
  const cases: Array<{
    operation: string;
    security: string;
    scheme?: string;
    header?: string;
    withUserScheme?: boolean;
  }> = [
    {
      operation: 'inherited',
      security: 'credential',
      scheme: 'credential:bearer',
      header: 'Authorization',
    },
    { operation: 'public', security: 'none' },
    { operation: 'optional', security: 'optional' },
    { operation: 'extension', security: 'signed', scheme: 'github', header: 'X-Sig' },
    {
      operation: 'knownHeader',
      security: 'signed',
      scheme: 'github',
      header: 'X-Hub-Signature-256',
    },
    {
      operation: 'customHeader',
      security: 'credential',
      scheme: 'credential:custom',
      header: 'X-Custom-Sig',
    },
    {
      operation: 'customHeader',
      security: 'signed',
      scheme: 'plain',
      header: 'X-Custom-Sig',
      withUserScheme: true,
    },
    { operation: 'undefinedScheme', security: 'credential', scheme: 'credential:undefined' },
    { operation: 'either', security: 'signed', scheme: 'github' },
  ];
  const file = writeSpec(SECURITY_SPEC);

  for (const c of cases) {
    const given = c.withUserScheme
      ? `${c.operation} with --scheme plain --header X-Custom-Sig`
      : c.operation;
    it(`given ${given}, should map it to ${c.security}`, async () => {
      const plan = await planSpecScan({
        spec: file,
        target: 'http://127.0.0.1:9',
        operations: [c.operation],
        ...(c.withUserScheme
          ? { userScheme: 'plain', userOverrides: { signatureHeader: 'X-Custom-Sig' } }
          : {}),
      });
      const endpoint = plan.endpoints[0]!;
      assert.equal(endpoint.spec?.security, c.security);
      if (c.scheme) assert.equal(endpoint.scheme?.id, c.scheme);
      if (c.header) assert.equal(endpoint.scheme?.signatureHeader, c.header);
      assert.equal(Boolean(endpoint.signingEvidence), c.security === 'signed');
    });
  }

  it('given a scheme nothing requires and a name never defined, should list both', async () => {
    const plan = await planSpecScan({ spec: file, target: 'http://127.0.0.1:9' });
    assert.deepEqual(
      plan.unusedSchemes.map((u) => u.name),
      ['spare'],
    );
    assert.equal(plan.unusedSchemes[0]?.location.pointer, '/components/securitySchemes/spare');
    const undefinedOne = plan.endpoints.find((e) => e.spec?.operationId === 'undefinedScheme');
    assert.deepEqual(undefinedOne?.spec?.undefinedSchemes, ['nowhere']);
    assert.equal(undefinedOne?.spec?.securityPointer, '/paths/~1undefined/post/security');
  });

  it('given --tags, should keep only operations with those tags', async () => {
    const tagged = writeSpec(`
swagger: '2.0'
info: { title: t, version: '1' }
basePath: /base/
paths:
  /a: { get: { tags: [x], responses: {} }, post: { tags: [y], responses: {} } }
`);
    const plan = await planSpecScan({
      spec: tagged,
      target: 'http://127.0.0.1:9',
      tags: ['y'],
    });
    assert.deepEqual(
      plan.endpoints.map((e) => `${e.method} ${e.url}`),
      ['POST http://127.0.0.1:9/base/a'],
    );
  });
});

describe('spec requests and servers', () => {
  const file = writeSpec(`
openapi: 3.0.3
info: { title: t, version: '1' }
servers:
  - url: https://api.example.invalid/{version}
    variables: { version: { default: v2 } }
  - url: /other
paths:
  /items/{itemId}:
    post:
      operationId: addItem
      parameters:
        - { name: itemId, in: path, required: true, schema: { type: string, example: it-1 } }
        - { name: mode, in: query, required: true, schema: { type: string, enum: [fast, slow] } }
        - { name: X-Trace, in: header, required: true, schema: { type: string, default: t-1 } }
        - { name: page, in: query, schema: { type: integer } }
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [name]
              properties:
                name: { type: string, example: widget }
                id: { type: string, readOnly: true }
`);

  const cases = [
    {
      target: 'http://127.0.0.1:9',
      server: undefined,
      url: 'http://127.0.0.1:9/v2/items/it-1?mode=fast',
    },
    {
      target: 'http://127.0.0.1:9',
      server: '1',
      url: 'http://127.0.0.1:9/other/items/it-1?mode=fast',
    },
    {
      target: 'http://127.0.0.1:9/mounted/',
      server: undefined,
      url: 'http://127.0.0.1:9/mounted/items/it-1?mode=fast',
    },
  ];
  for (const c of cases) {
    const server = c.server ?? '(none)';
    it(`given target ${c.target} and --server ${server}, should send to ${c.url}`, async () => {
      const plan = await planSpecScan({ spec: file, target: c.target, server: c.server });
      const endpoint = plan.endpoints[0]!;
      assert.equal(endpoint.url, c.url);
      assert.deepEqual(endpoint.headers, [
        ['Content-Type', 'application/json'],
        ['X-Trace', 't-1'],
      ]);
      assert.deepEqual(JSON.parse(endpoint.body.toString()), { name: 'widget' });
      assert.equal(endpoint.spec?.variantUrl, c.url.replace('it-1', 'it-1-sigprobe'));
    });
  }
});

describe('bad spec documents', () => {
  const cases = [
    {
      name: 'a missing local $ref',
      text:
        'openapi: 3.0.0\npaths:\n  /a:\n    get:\n' +
        "      parameters: [{ $ref: '#/components/parameters/Nope' }]\n",
      pointer: '#/paths/~1a/get/parameters/0/$ref',
    },
    {
      name: 'a missing file $ref',
      text:
        'openapi: 3.0.0\npaths:\n  /a:\n    post:\n' +
        "      requestBody: { $ref: './absent.yaml#/X' }\n",
      pointer: '#/paths/~1a/post/requestBody/$ref',
    },
    {
      name: 'a parameter without a name',
      text: 'openapi: 3.0.0\npaths:\n  /a:\n    get:\n      parameters: [{ in: query }]\n',
      pointer: '#/paths/~1a/get/parameters/0',
    },
    {
      name: 'an unsupported version',
      text: 'swagger: "1.2"\npaths: {}\n',
      pointer: '#/swagger',
    },
    {
      name: 'an unknown extension scheme',
      text:
        'openapi: 3.0.0\npaths:\n  /a: { post: { security: [{ s: [] }] } }\n' +
        'components:\n  securitySchemes:\n' +
        '    s: { type: apiKey, in: header, name: X, x-sigprobe-signature: nope }\n',
      pointer: '#/components/securitySchemes/s/x-sigprobe-signature/scheme',
    },
    {
      name: 'broken YAML',
      text: 'openapi: 3.0.0\npaths:\n  /a:\n    get: [1\n',
      pointer: 'not valid YAML at line',
    },
  ];
  for (const c of cases) {
    it(`given ${c.name}, should fail with one line naming the file and ${c.pointer}`, async () => {
      const file = writeSpec(c.text);
      await assert.rejects(
        planSpecScan({ spec: file, target: 'http://127.0.0.1:9' }),
        (error: unknown) => {
          assert.ok(error instanceof InputError);
          assert.ok(error.message.startsWith(`${file}: `), error.message);
          assert.ok(error.message.includes(c.pointer), error.message);
          assert.ok(!error.message.includes('\n'), error.message);
          return true;
        },
      );
    });
  }
});
