import { Logger } from '@nestjs/common';
import type { Command } from 'commander';
import { withLedger } from '../support/ledger-context';

/**
 * `ledger worker`: follows the log and keeps every projection up to date in its own process,
 * for deployments that set LEDGER_PROJECTIONS=worker on the API. Several workers (or a worker
 * beside an API that also runs them) never double-apply: checkpoints are locked per batch.
 */
export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('run the projections in this process, following the log until stopped (pair with LEDGER_PROJECTIONS=worker on the API)')
    .action(async () => {
      await withLedger(async ({ runner }) => {
        await runner.start();
        new Logger('Worker').log(`following the log: ${runner.names.join(', ')}`);
        // eslint-disable-next-line no-console
        console.log(`ledger worker: projections ${runner.names.join(', ')} following the log; stop with Ctrl-C`);
        await new Promise<void>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        });
        await runner.stop();
      });
    });
}
