import { Command } from 'commander';
import { registerExport } from './commands/export.command';
import { registerForget } from './commands/forget.command';
import { registerImport } from './commands/import.command';
import { registerReplay } from './commands/replay.command';
import { registerReport } from './commands/report.command';
import { registerSeed } from './commands/seed.command';
import { registerServe } from './commands/serve.command';
import { registerTimeline } from './commands/timeline.command';
import { registerToken } from './commands/token.command';
import { registerVerify } from './commands/verify.command';
import { registerWorker } from './commands/worker.command';

/**
 * `ledger <verb>`. Usage errors throw a CommanderError (exitOverride) instead of exiting, so
 * main decides the exit code; settings made here are inherited by every verb added after them.
 */
export function buildProgram(): Command {
  const program = new Command('ledger')
    .description('Journey Ledger: the event-sourced offender journey ledger (DATABASE_URL, else the embedded PostgreSQL in LEDGER_DATA_DIR)')
    .option('--verbose', "show the ledger's own log lines (database start-up, migrations)")
    .exitOverride()
    .hook('preAction', (command) => {
      if (command.opts().verbose) process.env.LEDGER_CLI_VERBOSE = '1';
    });
  registerImport(program);
  registerExport(program);
  registerReplay(program);
  registerVerify(program);
  registerTimeline(program);
  registerReport(program);
  registerSeed(program);
  registerToken(program);
  registerServe(program);
  registerForget(program);
  registerWorker(program);
  return program;
}
