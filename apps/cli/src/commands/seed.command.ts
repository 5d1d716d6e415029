import type { Command } from 'commander';
import { ValidationWorkers } from '@ledger/application';
import { DEFAULT_PEOPLE, DEFAULT_SEED, estimateEventsPerPerson, generatePopulation, writeNdjson } from '@ledger/demo-data';
import { AppendCounts, BatchAppender, BatchRejectedError } from '../support/batch-appender';
import { CliFailure } from '../support/failure';
import { LedgerContext, withLedger } from '../support/ledger-context';
import { runPolicies } from '../support/policies';
import { printLine, printNote } from '../support/output';
import { wholeNumber } from '../support/options';
import { startProgress } from '../support/progress';
import { writeFileAtomically } from '../support/write-stream';

interface SeedOptions {
  people: number;
  seed: string;
  out?: string;
}

export function registerSeed(program: Command): void {
  program
    .command('seed')
    .description('synthetic, realistic people and their journeys; the same seed gives the same events')
    .option('--people <n>', 'how many people', wholeNumber, DEFAULT_PEOPLE)
    .option('--seed <s>', 'seed of the generator', DEFAULT_SEED)
    .option('--out <file>', 'write NDJSON to FILE (for `ledger import`) instead of appending to the ledger')
    .action(async (options: SeedOptions) => {
      const population = () => generatePopulation({ people: options.people, seed: options.seed });
      if (options.out) {
        let count = 0;
        await writeFileAtomically(options.out, async (stream) => {
          count = await writeNdjson(population(), stream);
        });
        printNote(`wrote ${count} events for ${options.people} people to ${options.out}`);
        return;
      }
      await withLedger(async (ledger) => {
        const counts = await seedInto(ledger, options);
        printLine(`generated ${counts.sent} events for ${options.people} people: appended ${counts.appended}, already present ${counts.alreadyPresent}`);
        await runPolicies(ledger);
      });
    });
}

/** Appends the generated population, as `ledger import` appends a file. */
function seedInto(ledger: LedgerContext, options: SeedOptions): Promise<AppendCounts> {
  const population = () => generatePopulation({ people: options.people, seed: options.seed });
  return ValidationWorkers.using(async (workers) => {
    // Sizing the bar costs a sample run of the generator: only worth it when a bar is shown.
    const estimate = process.stdout.isTTY ? Math.round(estimateEventsPerPerson({ seed: options.seed }) * options.people) : 0;
    const progress = startProgress('seeding', estimate);
    const appender = new BatchAppender(ledger, (sent) => progress.update(sent.sent, Math.max(estimate, sent.sent)), undefined, workers);
    try {
      let ordinal = 0;
      for (const event of population()) await appender.add(++ordinal, event);
      await appender.flush();
    } catch (error) {
      if (error instanceof BatchRejectedError) {
        const first = error.problems[0];
        throw new CliFailure(`the ledger refused generated event ${first.line} (${first.path}: ${first.message}); ${error.stored.sent} events before its batch were stored`);
      }
      throw error;
    } finally {
      progress.stop();
    }
    return appender.counts;
  });
}
