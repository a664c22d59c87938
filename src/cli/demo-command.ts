import { Command } from 'commander';
import { startDemoTarget, DEMO_PATHS } from '../lab/demo-target.js';
import { runScan } from '../scan/run-scan.js';
import { collect, commaList } from './options.js';
import { planReports, writeReports } from './report-outputs.js';
import { ProgressLine } from './progress.js';

export function demoCommand(): Command {
  return new Command('demo')
    .description(
      'start the bundled vulnerable webhook service on loopback, scan it and print the report',
    )
    .option(
      '--format <list>',
      'report formats, comma-separated: text, json, sarif, html, markdown',
      commaList,
    )
    .option(
      '--output <[format=]file>',
      'write a format to a file, e.g. html=demo.html (repeatable)',
      collect,
    )
    .action(async (flags: { format?: string[]; output?: string[] }) => {
      const plan = planReports(flags.format, flags.output);
      const { server, origin } = await startDemoTarget();
      const progress = new ProgressLine(process.stderr.isTTY === true);
      process.stderr.write(
        `demo target listening on ${origin} (${DEMO_PATHS.length} webhook routes)\n`,
      );
      try {
        const { result, redactor } = await runScan(
          {
            urls: DEMO_PATHS.map((path) => origin + path),
            method: 'POST',
            scheme: 'plain',
            safe: false,
            concurrency: 4,
            timeoutMs: 5000,
            maxResponseBytes: 1024 * 1024,
          },
          { onProgress: (event) => progress.update(event) },
        ).finally(() => progress.clear());
        writeReports(plan, result, redactor, {});
      } finally {
        server.close();
      }
    });
}
