import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { chromium } from 'playwright-core';
import { runCli } from './support/cli.js';
import { ROOT, startLabTarget } from './support/lab.js';

const OUT = join(ROOT, 'test-output', 'html');
const CHROMIUM = '/usr/bin/chromium';
// Debian's chromium, quiet: nothing in the background may reach for the network.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

describe('HTML report in headless Chromium', () => {
  it('given a scan with findings, should render offline with no console errors, copy, print and screenshot', async () => {
    mkdirSync(OUT, { recursive: true });
    const report = join(OUT, 'report.html');
    const lab = await startLabTarget('lab/flask/methods_partial.py');
    let result: { findings: unknown[]; score: { grade: string; score: number } };
    try {
      const run = await runCli([
        'scan',
        `${lab.origin}/webhook`,
        '--scheme',
        'plain',
        '--fail-on',
        'never',
        '--format',
        'json,html',
        '--output',
        `html=${report}`,
      ]);
      assert.equal(run.code, 0, run.stderr);
      result = JSON.parse(run.stdout) as typeof result;
    } finally {
      await lab.stop();
    }

    const profile = mkdtempSync(join(tmpdir(), 'sigprobe-chromium-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1200, height: 900 },
    });
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      const problems: string[] = [];
      const fetched: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error' || message.type() === 'warning')
          problems.push(message.text());
      });
      page.on('pageerror', (error) => problems.push(error.message));
      page.on('request', (request) => fetched.push(request.url()));

      const url = pathToFileURL(report).href;
      await page.goto(url, { waitUntil: 'load' });

      assert.equal(await page.textContent('h1'), 'sigprobe report');
      assert.equal((await page.textContent('.grade'))?.trim(), result.score.grade);
      assert.equal(await page.locator('article.finding').count(), result.findings.length);
      assert.ok((await page.locator('.bar-row').count()) >= 7, 'one bar per category');
      assert.ok((await page.locator('.coverage tbody tr').count()) > 0, 'coverage map rows');

      const copy = page.locator('button.copy').first();
      await copy.click();
      assert.equal(await copy.textContent(), 'Copied');

      await page.screenshot({ path: join(OUT, 'report.png'), fullPage: true });
      await page.screenshot({ path: join(OUT, 'report-top.png') });
      // Printable: Chromium's print path renders it to a PDF (all folds opened first).
      await page.emulateMedia({ media: 'print' });
      const pdf = await page.pdf({
        path: join(OUT, 'report.pdf'),
        format: 'A4',
        printBackground: true,
      });
      assert.ok(pdf.length > 10_000);

      assert.deepEqual(problems, [], 'console errors or warnings');
      assert.deepEqual(fetched, [url], 'the page fetched nothing but itself');
      assert.ok(statSync(join(OUT, 'report.png')).size > 20_000, 'screenshot written');
      assert.ok(
        !readFileSync(report, 'utf8').match(/\b(src|href)=["']https?:/),
        'no remote references',
      );
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  });
});
