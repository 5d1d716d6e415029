import { AUTO_ADOPTION_RECORDER, IOM_AUTO_ADOPTION } from '@ledger/projections';
import type { LedgerContext } from './ledger-context';
import { printLine } from './output';

/**
 * Runs the policies that record events of their own (automatic IOM adoption, where
 * LEDGER_IOM_AUTO_ADOPTION turns it on) up to the head of the log. A server runs them as it follows
 * the log; a command that appended events runs them before it exits, so the log it leaves is the
 * one a server would have made and a report straight after counts what they decided.
 */
export async function runPolicies(ledger: LedgerContext): Promise<void> {
  const before = await ledger.store.headPosition();
  await ledger.runner.catchUp(IOM_AUTO_ADOPTION);
  if ((await ledger.store.headPosition()) === before) return;
  // Counted in the log itself: another writer (a server) may have appended meanwhile.
  const adopted = (await ledger.store.readByTypes(['iom.adopted'])).filter(
    (event) => event.position > before && event.recordedBy === AUTO_ADOPTION_RECORDER,
  ).length;
  if (adopted > 0) printLine(`recorded ${adopted} automatic IOM adoption${adopted === 1 ? '' : 's'} (LEDGER_IOM_AUTO_ADOPTION)`);
}
