import * as os from 'node:os';
import type { Command } from 'commander';
import { ForgetPersonCommand } from '@ledger/application';
import type { Erasure } from '@ledger/access/personal-data/personal-data-cipher';
import { CliFailure } from '../support/failure';
import { withLedger } from '../support/ledger-context';
import { printLine } from '../support/output';

export function registerForget(program: Command): void {
  program
    .command('forget')
    .description("erase a person's personal data by destroying their data key (events and hash chains stay intact)")
    .argument('<person>', "the ledger's person id")
    .requiredOption('--reason <reason>', 'why (kept with the erasure)')
    .option('--by <name>', 'who asked for it', os.userInfo().username)
    .action(async (personId: string, options: { reason: string; by: string }) => {
      const erasure = await withLedger(async ({ store, commandBus }) => {
        if ((await store.readStream(personId)).length === 0) throw new CliFailure(`no person "${personId}" in the ledger`);
        return commandBus.execute<ForgetPersonCommand, Erasure>(new ForgetPersonCommand(personId, options.reason, options.by));
      });
      printLine(
        erasure.alreadyErased
          ? `person ${personId} was already forgotten on ${erasure.destroyedAt} by ${erasure.destroyedBy} (${erasure.reason}); nothing changed`
          : `person ${personId} forgotten on ${erasure.destroyedAt} by ${erasure.destroyedBy}: their personal data now reads as [erased]`,
      );
    });
}
