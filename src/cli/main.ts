import { Command, CommanderError } from 'commander';
import { SigprobeError } from '../model/errors.js';
import { VERSION } from '../version.js';
import { crackCommand } from './crack-command.js';
import { demoCommand } from './demo-command.js';
import { explainCommand } from './explain-command.js';
import { checksCommand, schemesCommand } from './list-commands.js';
import { scanCommand } from './scan-command.js';
import { verifyCommand } from './verify-command.js';

/**
 * Entry point. Exit codes: 0 nothing at or above the gate, 1 gate failed, 2 usage or
 * input error, 3 the target could not be scanned. Errors are one line; a stack only
 * with --debug.
 */
export async function main(argv: string[]): Promise<number> {
  const debug = argv.includes('--debug');
  const program = new Command('sigprobe')
    .description('find where signed-request (HMAC) protection is missing or can be bypassed')
    .version(VERSION)
    .option('--debug', 'print stack traces for unexpected errors')
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text.split('\n')[0] + '\n') })
    .showSuggestionAfterError(true);

  for (const command of [
    scanCommand(),
    crackCommand(),
    demoCommand(),
    checksCommand(),
    schemesCommand(),
    verifyCommand(),
    explainCommand(),
  ]) {
    program.addCommand(
      command
        .exitOverride()
        .configureOutput({ outputError: (t, w) => w(t.split('\n')[0] + '\n') }),
    );
  }

  try {
    process.exitCode = 0;
    await program.parseAsync(argv);
    return Number(process.exitCode ?? 0);
  } catch (error) {
    return handleError(error, debug);
  }
}

function handleError(error: unknown, debug: boolean): number {
  if (error instanceof CommanderError) {
    // Help and version requests end here too, with their own code 0.
    return error.exitCode === 0 ? 0 : 2;
  }
  if (error instanceof SigprobeError) {
    process.stderr.write(`sigprobe: ${error.message}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(
    `sigprobe: unexpected error: ${message.split('\n')[0]} (run again with --debug for details)\n`,
  );
  if (debug && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  return 2;
}
