import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { LAB_SECRET, ROOT, startLabTarget } from './support/lab.js';
import { sarifValidator } from './support/schemas.js';

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  shell?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}
interface Action {
  name: string;
  description: string;
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description: string; value: string }>;
  runs: { using: string; steps: Step[] };
}

const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as Action;
const steps = action.runs.steps;
const scanStep = steps.find((step) => step.id === 'scan')!;

// GitHub cannot run here, so the action is checked twice: its structure against what
// the runner requires, and its scan script executed as the runner would execute it.
describe('GitHub Action (action.yml)', () => {
  it('given action.yml, should be a composite action whose inputs and outputs are all declared', () => {
    assert.equal(action.runs.using, 'composite');
    assert.ok(action.name && action.description);
    for (const name of ['url', 'spec', 'secret', 'threshold', 'fail-on', 'upload-sarif']) {
      assert.ok(action.inputs[name]?.description, `input ${name}`);
    }
    const text = readFileSync(join(ROOT, 'action.yml'), 'utf8');
    for (const [, name] of text.matchAll(/\$\{\{\s*inputs\.([\w-]+)/g)) {
      assert.ok(action.inputs[name!], `inputs.${name} is used but not declared`);
    }
    const ids = new Set(steps.map((step) => step.id).filter(Boolean));
    for (const [, id] of text.matchAll(/steps\.([\w-]+)\.outputs/g))
      assert.ok(ids.has(id), `steps.${id}`);
    for (const output of Object.values(action.outputs))
      assert.match(output.value, /steps\.scan\.outputs\./);
  });

  it('given its steps, should give every run step a shell and never paste inputs into shell code', () => {
    for (const step of steps) {
      assert.ok(Boolean(step.run) !== Boolean(step.uses), `${step.name}: run or uses`);
      if (step.run) {
        assert.equal(step.shell, 'bash', `${step.name}: composite run steps need a shell`);
        assert.doesNotMatch(
          step.run,
          /\$\{\{/,
          `${step.name}: expressions belong in env, not in the script`,
        );
      }
    }
  });

  it('given its steps, should upload SARIF with the CodeQL action and fail by the gate', () => {
    const upload = steps.find((step) =>
      step.uses?.startsWith('github/codeql-action/upload-sarif@'),
    );
    assert.ok(upload, 'upload-sarif step');
    assert.match(upload.with?.sarif_file ?? '', /steps\.scan\.outputs\.sarif-file/);
    assert.match(upload.if ?? '', /always\(\)/, 'uploads even when the gate will fail');
    assert.match(scanStep.run!, /GITHUB_STEP_SUMMARY/);
    const gate = steps.at(-1)!;
    assert.match(gate.run ?? '', /exit 1/);
  });

  it('given a vulnerable lab target, should run the scan step as the runner would: summary, SARIF, outputs', async () => {
    const lab = await startLabTarget('lab/flask/inverted_verifier.py');
    const temp = mkdtempSync(join(tmpdir(), 'sigprobe-action-'));
    try {
      const inputs: Record<string, string> = {
        ...Object.fromEntries(
          Object.entries(action.inputs).map(([name, input]) => [name, input.default ?? '']),
        ),
        url: `${lab.origin}/webhook\n`,
        scheme: 'plain',
        secret: LAB_SECRET,
        threshold: 'B',
      };
      // The runner resolves each env expression; the script then sees plain variables.
      const env = Object.fromEntries(
        Object.entries(scanStep.env ?? {}).map(([name, value]) => [
          name,
          value.replace(
            /\$\{\{\s*inputs\.([\w-]+)\s*\}\}/,
            (_, input: string) => inputs[input] ?? '',
          ),
        ]),
      );
      const summary = join(temp, 'summary.md');
      const outputs = join(temp, 'outputs');
      // GitHub runs composite bash steps as `bash --noprofile --norc -eo pipefail {0}`.
      const run = spawnSync(
        'bash',
        ['--noprofile', '--norc', '-eo', 'pipefail', '-c', scanStep.run!],
        {
          cwd: ROOT,
          encoding: 'utf8',
          timeout: 60_000,
          env: {
            ...process.env,
            ...env,
            NO_COLOR: '1',
            GITHUB_ACTION_PATH: ROOT,
            RUNNER_TEMP: temp,
            GITHUB_STEP_SUMMARY: summary,
            GITHUB_OUTPUT: outputs,
          },
        },
      );
      assert.equal(run.status, 0, run.stderr);

      const written = Object.fromEntries(
        readFileSync(outputs, 'utf8')
          .trim()
          .split('\n')
          .map((line) => line.split('=', 2) as [string, string]),
      );
      assert.equal(written['exit-code'], '1', 'a critical finding fails the gate');
      assert.equal(written.grade, 'F');
      const markdown = readFileSync(summary, 'utf8');
      assert.match(markdown, /^## sigprobe: grade F/m);
      assert.match(markdown, /invalid-signature-accepted/);
      const sarif = JSON.parse(readFileSync(written['sarif-file']!, 'utf8')) as object;
      const validate = sarifValidator();
      assert.ok(validate(sarif), JSON.stringify(validate.errors?.slice(0, 3)));
      for (const text of [run.stdout, run.stderr, markdown, JSON.stringify(sarif)]) {
        assert.ok(!text.includes(LAB_SECRET), 'the secret input is never printed');
      }
    } finally {
      await lab.stop();
      rmSync(temp, { recursive: true, force: true });
    }
  });
});
