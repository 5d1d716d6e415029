import type { Command } from 'commander';
import { usageError } from '../support/failure';
import { withLedger } from '../support/ledger-context';
import { printLine } from '../support/output';
import { startProgress } from '../support/progress';

export function registerReplay(program: Command): void {
  program
    .command('replay')
    .description('rebuild read models from the events (into a shadow copy, swapped in when complete)')
    .option('--projection <name>', 'only this projection (default: every one)')
    .action(async (options: { projection?: string }) => {
      await withLedger(async ({ runner }) => {
        if (options.projection && !runner.names.includes(options.projection)) {
          throw usageError(`unknown projection "${options.projection}" (known: ${runner.names.join(', ')})`);
        }
        // Every projection in one pass over the log (each batch read once, applied to each).
        const names = options.projection ? [options.projection] : runner.names;
        const progress = startProgress(`replaying ${names.join(', ')}`, 0);
        let position: number;
        try {
          position = await runner.rebuildAll(names, (reached, head) => progress.update(reached, head));
        } finally {
          progress.stop();
        }
        for (const name of names) printLine(`rebuilt ${name} from the log up to position ${position}`);
      });
    });
}
