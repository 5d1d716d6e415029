import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { ValidationWorkers, withoutStoreAssignedFields } from '@ledger/application';
import { AppendCounts, BatchAppender, BatchRejectedError } from '../support/batch-appender';
import { LedgerContext, withLedger } from '../support/ledger-context';
import { runPolicies } from '../support/policies';
import { CliFailure } from '../support/failure';
import { checkEveryLine } from '../support/line-checks';
import { assertReadableFile, readNumberedLines } from '../support/ndjson-lines';
import { printLine, printNote } from '../support/output';
import { positiveInteger } from '../support/options';
import { startProgress } from '../support/progress';

export function registerImport(program: Command): void {
  program
    .command('import')
    .description('append the NDJSON events of FILE; the whole file is validated first and nothing is imported if any line is invalid')
    .argument('<file>', 'NDJSON file, one event per line (interchange.md); an export of another ledger is fine')
    .option('--batch-size <n>', 'events per all-or-nothing append', positiveInteger, 1000)
    .action(async (file: string, options: { batchSize: number }) => {
      const events = await validateFile(file);
      await appendFile(file, events, options.batchSize);
    });
}

/** Each thread loads the whole domain model (tens of MB); past this the file's reading is the limit anyway. */
const MAX_CHECKING_THREADS = 8;

/**
 * First pass: every line, every problem; the number of events when the whole file is valid.
 * Nothing else runs meanwhile, so every core checks lines, a thread each; the problems are
 * printed in line order.
 */
async function validateFile(file: string): Promise<number> {
  const size = assertReadableFile(file);
  const progress = startProgress('validating', size, { counts: false });
  let events = 0;
  let invalidLines = 0;
  try {
    await ValidationWorkers.using(
      (workers) =>
        checkEveryLine(readNumberedLines(file), workers, Date.now(), (checked) => {
          events += checked.events;
          invalidLines += checked.invalid.length;
          for (const { number, problems } of checked.invalid) {
            for (const problem of problems) progress.note(`line ${number}: ${problem.path ? `${problem.path}: ` : ''}${problem.message}`);
          }
          progress.update(Math.min(checked.bytesThrough, size));
        }),
      Math.min(availableParallelism(), MAX_CHECKING_THREADS),
    );
    progress.update(size);
  } finally {
    progress.stop();
  }
  if (invalidLines > 0) throw new CliFailure(`${invalidLines} invalid line${invalidLines === 1 ? '' : 's'} in ${file}: nothing was imported`);
  return events;
}

/**
 * Second pass: append in batches; each batch is all or nothing, earlier batches stay. Then the
 * policies decide on what came in (automatic IOM adoptions), as a server following the log would.
 */
async function appendFile(file: string, events: number, batchSize: number): Promise<void> {
  await withLedger(async (ledger) => {
    const counts = await appendLines(ledger, file, events, batchSize);
    printLine(`read ${events}, appended ${counts.appended}, already present ${counts.alreadyPresent}`);
    await runPolicies(ledger);
  });
}

async function appendLines(ledger: LedgerContext, file: string, events: number, batchSize: number): Promise<AppendCounts> {
  return ValidationWorkers.using(async (workers) => {
    const progress = startProgress('importing', events);
    const appender = new BatchAppender(ledger, (counts) => progress.update(counts.sent), batchSize, workers);
    try {
      for await (const { number, text } of readNumberedLines(file)) {
        if (text.trim() === '') continue;
        await appender.add(number, withoutStoreAssignedFields(JSON.parse(text)));
      }
      await appender.flush();
    } catch (error) {
      progress.stop();
      throw explainStop(error, appender.counts);
    }
    progress.stop();
    return appender.counts;
  });
}

function explainStop(error: unknown, stored: AppendCounts): CliFailure {
  const earlier = (counts: AppendCounts) =>
    counts.sent === 0
      ? 'nothing was stored'
      : `the ${counts.sent} events before it were stored (${counts.appended} new, ${counts.alreadyPresent} already present) and stay`;
  if (error instanceof BatchRejectedError) {
    for (const problem of error.problems) printNote(`line ${problem.line}: ${problem.path ? `${problem.path}: ` : ''}${problem.message}`);
    return new CliFailure(
      `the ledger refused the batch of lines ${error.firstLine}-${error.lastLine}, so none of it was stored; ${earlier(error.stored)}. ` +
        'Fix the file and import it again: events already stored are skipped.',
    );
  }
  return new CliFailure(`the import stopped: ${error instanceof Error ? error.message : String(error)}; ${earlier(stored)}`);
}
