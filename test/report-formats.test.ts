import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ALL_CHECKS } from '../src/checks/index.js';
import { planReports } from '../src/cli/report-outputs.js';
import { runCli } from './support/cli.js';
import { LAB_SECRET, ROOT, startLabTarget } from './support/lab.js';
import { sarifValidator, scanResultValidator } from './support/schemas.js';

const ESC = '\u001b';
const OUT = join(ROOT, 'test-output', 'formats');
mkdirSync(OUT, { recursive: true });
const validateResult = scanResultValidator();
const validateSarif = sarifValidator();

interface Result {
  findings: Array<{ id: string; severity: string; method: string; url: string }>;
  score: {
    score: number;
    grade: string;
    categories: Array<{ title: string; score: number | null }>;
  };
}
interface SarifLog {
  runs: Array<{
    tool: {
      driver: {
        rules: Array<{
          id: string;
          properties: { tags: string[]; 'security-severity': string };
        }>;
      };
    };
    results: Array<{
      ruleId: string;
      ruleIndex: number;
      locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }>;
    }>;
    properties: { grade: string; score: number };
  }>;
}

/** One scan, every format: text on stdout, the others in files. */
async function scanAllFormats(target: string, name: string) {
  const lab = await startLabTarget(target);
  const file = (ext: string) => join(OUT, `${name}.${ext}`);
  try {
    const run = await runCli([
      'scan',
      `${lab.origin}/webhook`,
      '--scheme',
      'plain',
      '--fail-on',
      'never',
      '--format',
      'text,json,sarif,html,md',
      '--output',
      `json=${file('json')}`,
      '--output',
      `sarif=${file('sarif')}`,
      '--output',
      `html=${file('html')}`,
      '--output',
      `markdown=${file('md')}`,
    ]);
    assert.equal(run.code, 0, run.stderr);
    return {
      text: run.stdout,
      json: JSON.parse(readFileSync(file('json'), 'utf8')) as Result,
      sarif: JSON.parse(readFileSync(file('sarif'), 'utf8')) as SarifLog,
      html: readFileSync(file('html'), 'utf8'),
      markdown: readFileSync(file('md'), 'utf8'),
    };
  } finally {
    await lab.stop();
  }
}

// One faulty and one secure receiver: the same scan result must come out in every
// format with the same grade, and JSON and SARIF must validate against their schemas.
describe('report formats from one scan', () => {
  const targets: Array<[string, string, string]> = [
    ['lab/flask/no_check.py', 'no-check', 'F'],
    ['lab/flask/methods_partial.py', 'methods-partial', 'C'],
    ['lab/flask/secure_basic.py', 'secure-basic', 'A'],
  ];
  for (const [target, name, grade] of targets) {
    it(`given ${target}, should render grade ${grade} in every format and validate JSON and SARIF`, async () => {
      const out = await scanAllFormats(target, name);
      const { score } = out.json;
      assert.equal(score.grade, grade);

      assert.ok(validateResult(out.json), JSON.stringify(validateResult.errors, null, 2));
      assert.ok(
        validateSarif(out.sarif),
        JSON.stringify(validateSarif.errors?.slice(0, 5), null, 2),
      );

      const run = out.sarif.runs[0]!;
      assert.deepEqual(
        run.tool.driver.rules.map((r) => r.id),
        ALL_CHECKS.map((c) => c.meta.id),
      );
      for (const rule of run.tool.driver.rules) {
        assert.ok(
          rule.properties.tags.some((tag) => /^CWE-\d+$/.test(tag)),
          `${rule.id} CWE tag`,
        );
        assert.match(rule.properties['security-severity'], /^\d+\.\d$/);
      }
      assert.deepEqual(
        run.results.map((r) => r.ruleId),
        out.json.findings.map((f) => f.id),
      );
      for (const result of run.results) {
        assert.equal(run.tool.driver.rules[result.ruleIndex]?.id, result.ruleId);
        assert.match(
          result.locations[0]!.physicalLocation.artifactLocation.uri,
          /^http:\/\/127\.0\.0\.1:\d+\/webhook$/,
        );
      }
      assert.equal(run.properties.grade, grade);

      const headline = `grade ${grade} (score ${score.score}/100)`;
      assert.ok(out.markdown.includes(headline), out.markdown.slice(0, 300));
      assert.equal(out.markdown.match(/^<details>$/gm)?.length ?? 0, out.json.findings.length);
      assert.ok(
        out.text.includes(`Grade ${grade} · score ${score.score}/100`),
        out.text.slice(-400),
      );
      assert.ok(out.html.includes(`aria-label="grade ${grade}"`));
      for (const category of score.categories) {
        const shown = category.score === null ? 'not assessed' : String(category.score);
        assert.ok(
          out.markdown.includes(`| ${category.title} | ${shown} |`),
          `markdown ${category.title}`,
        );
        assert.ok(
          out.text.includes(`${category.title} ${category.score ?? '–'}`),
          `text ${category.title}`,
        );
      }
    });
  }

  it('given the shared secret, should print neither it nor a valid signature in any format', async () => {
    const lab = await startLabTarget('lab/flask/inverted_verifier.py');
    const body = '{"type":"invoice.paid","id":"evt_1"}';
    const signature = createHmac('sha256', LAB_SECRET).update(body).digest('hex');
    try {
      for (const format of ['sarif', 'html', 'markdown']) {
        const run = await runCli(
          [
            'scan',
            `${lab.origin}/webhook`,
            '--secret-env',
            'SIGPROBE_TEST_SECRET',
            '--body',
            body,
            '--format',
            format,
          ],
          { env: { SIGPROBE_TEST_SECRET: LAB_SECRET } },
        );
        assert.ok(
          run.stdout.includes('invalid-signature-accepted'),
          `${format}: ${run.stdout.slice(0, 300)}`,
        );
        for (const output of [run.stdout, run.stderr]) {
          assert.ok(!output.includes(LAB_SECRET), `${format}: secret printed`);
          assert.ok(!output.includes(signature), `${format}: valid signature printed`);
        }
        // SARIF carries only the probe; the other formats show the accepted reference too.
        if (format !== 'sarif')
          assert.ok(run.stdout.includes('[REDACTED]'), `${format}: reference redacted`);
      }
    } finally {
      await lab.stop();
    }
  });
});

describe('--format and --output', () => {
  // [flags as given, expected targets or the error]
  const plans: Array<[string, string[] | undefined, string[] | undefined, string[] | RegExp]> =
    [
      ['nothing', undefined, undefined, ['text']],
      ['one format', ['json'], undefined, ['json']],
      ['md as an alias', ['md'], undefined, ['markdown']],
      ['one format and a bare file', ['sarif'], ['out.sarif'], ['sarif>out.sarif']],
      [
        'formats with files and one on stdout',
        ['text', 'sarif', 'html'],
        ['sarif=a.sarif', 'html=a.html'],
        ['text', 'sarif>a.sarif', 'html>a.html'],
      ],
      [
        'a file naming a format that --format left out',
        undefined,
        ['sarif=a.sarif'],
        ['sarif>a.sarif'],
      ],
      [
        'a bare file for the one format left without',
        ['text', 'json'],
        ['json=a.json', 'report.txt'],
        ['text>report.txt', 'json>a.json'],
      ],
      ['an unknown format', ['pdf'], undefined, /unknown format "pdf"/],
      [
        'two formats on stdout',
        ['text', 'json'],
        undefined,
        /only one format can go to stdout/,
      ],
      [
        'a bare file with two formats',
        ['text', 'json'],
        ['out.txt'],
        /--output <format>=<file>/,
      ],
      [
        'one format named twice in --output',
        undefined,
        ['json=a', 'json=b'],
        /names json twice/,
      ],
      ['two bare files', ['json'], ['a', 'b'], /one bare --output/],
    ];
  for (const [name, formats, outputs, expected] of plans) {
    it(`given ${name}, should ${expected instanceof RegExp ? 'refuse it' : 'plan it'}`, () => {
      if (expected instanceof RegExp) {
        assert.throws(() => planReports(formats, outputs), expected);
        return;
      }
      const plan = planReports(formats, outputs).targets.map((t) =>
        t.file ? `${t.format}>${t.file}` : t.format,
      );
      assert.deepEqual(plan.sort(), [...expected].sort());
    });
  }

  it('given bad format flags, should exit 2 with one line before sending anything', async () => {
    const run = await runCli(['scan', 'http://127.0.0.1:9/webhook', '--format', 'text,json']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^sigprobe: only one format can go to stdout.*\n$/);
  });
});

describe('gates and colour', () => {
  it('given --threshold, should exit 1 below it and 0 at or above it', async () => {
    const lab = await startLabTarget('lab/flask/methods_partial.py');
    try {
      const base = [
        'scan',
        `${lab.origin}/webhook`,
        '--scheme',
        'plain',
        '--format',
        'json',
        '--fail-on',
        'never',
      ];
      const cases: Array<[string, number]> = [
        ['B', 1],
        ['C', 0],
        ['76', 1],
      ];
      for (const [threshold, code] of cases) {
        const run = await runCli([...base, '--threshold', threshold]);
        assert.equal(run.code, code, `--threshold ${threshold}: ${run.stderr}`);
        if (code === 1)
          assert.match(
            run.stderr,
            /threshold not met: (grade C is below B|score 75 is below 76)/,
          );
      }
      const bad = await runCli([...base, '--threshold', 'Z']);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /--threshold takes a score 0-100 or a grade A-F, got "Z"/);
    } finally {
      await lab.stop();
    }
  });

  it('given a terminal, should colour text unless NO_COLOR is set; never when piped', async () => {
    const lab = await startLabTarget('lab/flask/no_check.py');
    try {
      const command = `${process.execPath} bin/sigprobe.js scan ${lab.origin}/webhook --scheme plain --fail-on never --no-progress`;
      // `script` gives the CLI a real pseudo-terminal as stdout.
      const onTerminal = (env: NodeJS.ProcessEnv) =>
        spawnSync('script', ['-qec', command, '/dev/null'], {
          cwd: ROOT,
          env,
          encoding: 'utf8',
          timeout: 30_000,
        }).stdout;
      const withoutNoColor = Object.fromEntries(
        Object.entries(process.env).filter(([name]) => name !== 'NO_COLOR'),
      );
      assert.ok(
        onTerminal(withoutNoColor).includes(`${ESC}[1;31m[CRITICAL]`),
        'coloured on a terminal',
      );
      assert.ok(
        !onTerminal({ ...withoutNoColor, NO_COLOR: '1' }).includes(ESC),
        'NO_COLOR honoured',
      );
      const piped = await runCli(command.split(' ').slice(2), { env: { NO_COLOR: '' } });
      assert.ok(!piped.stdout.includes(ESC), 'no colour when piped');
    } finally {
      await lab.stop();
    }
  });
});
