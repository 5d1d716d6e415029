import * as os from 'node:os';
import type { Command } from 'commander';
import { PlainPersonalData } from '@ledger/application';
import { PersonalDataCipher } from '@ledger/access/personal-data/personal-data-cipher';
import { loadOrCreateSecret } from '@ledger/access/tokens';
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
      const erasure = await withLedger(async ({ config, database, store, personalData }) => {
        if (personalData instanceof PlainPersonalData) {
          // Destroying a key would erase nothing: this ledger stores personal data unencrypted.
          throw new CliFailure('this ledger stores personal data unencrypted, so it cannot be forgotten by destroying a key; nothing was done');
        }
        if ((await store.readStream(personId)).length === 0) throw new CliFailure(`no person "${personId}" in the ledger`);
        const cipher = new PersonalDataCipher(database.pool, loadOrCreateSecret(config.dataDir, config.secret));
        return cipher.forget(personId, options.reason, options.by);
      });
      const when = erasure.destroyedAt;
      printLine(
        erasure.alreadyErased
          ? `person ${personId} was already forgotten on ${when} by ${erasure.destroyedBy} (${erasure.reason}); nothing changed`
          : `person ${personId} forgotten on ${when} by ${erasure.destroyedBy}: their personal data now reads as [erased]`,
      );
    });
}
