import { Client } from 'pg';
import type { CommandBus } from '@nestjs/cqrs';
import { ValidationWorkers } from '@ledger/application';
import type { EventStore } from '@ledger/event-store';
import { BatchAppender } from '../../../apps/cli/src/support/batch-appender';
import { copyChunks, copyTextRow } from '@ledger/event-store';
import { createPlainTableSql, PLAIN_COLUMNS, plainValues } from '../baseline/plain-tables';
import { FigureResult, formatPercent, formatRate } from '../report/figure';
import { TARGETS } from '../report/targets';
import { perSecond, since } from '../support/stats';
import { inBatches, ndjsonLines } from '../workload/ndjson-lines';
import type { Workload } from '../workload/workload';

/** Events per RecordEventsCommand, as `ledger import` sends them by default. */
export const IMPORT_BATCH_SIZE = 1000;
/** Rows per chunk written to COPY. */
const COPY_CHUNK_ROWS = 1000;

/**
 * Bulk import: the workload file through `ledger import`'s BatchAppender (RecordEventsCommand in
 * batches: validation, domain rules, idempotency check, hash chain; each batch validated while
 * the one before is written), against a raw COPY of the same rows into a plain table. Both read
 * and parse the same NDJSON file.
 */
export async function measureBulkImport(
  ledger: { commandBus: CommandBus; store: EventStore },
  databaseUrl: string,
  workload: Workload,
  progress: (message: string) => void,
): Promise<FigureResult> {
  const baseline = await rawCopy(databaseUrl, workload.file);
  progress(`raw COPY: ${baseline.rows} rows at ${formatRate(baseline.perSecond)}`);

  // The workers are started (and their code loaded) before the clock starts, as `ledger import`'s are before its second pass.
  const { counts, elapsed } = await ValidationWorkers.using(async (workers) => {
    const start = performance.now();
    let reported = 0;
    const appender = new BatchAppender(
      ledger,
      (counts) => {
        if (counts.sent - reported < 100_000) return;
        reported = counts.sent;
        progress(`ledger import: ${counts.sent.toLocaleString('en-GB')} of ${workload.events.toLocaleString('en-GB')} events, ${formatRate(perSecond(counts.sent, since(start)))}`);
      },
      IMPORT_BATCH_SIZE,
      workers,
    );
    let line = 0;
    for await (const text of ndjsonLines(workload.file)) await appender.add(++line, JSON.parse(text));
    await appender.flush();
    return { counts: appender.counts, elapsed: since(start) };
  });
  const { sent, appended } = counts;
  const ledgerRate = perSecond(sent, elapsed);
  if (appended !== workload.events) throw new Error(`the ledger appended ${appended} of ${workload.events} events: the database was not empty`);

  const ratio = ledgerRate / baseline.perSecond;
  return {
    name: 'bulk import',
    rows: [
      {
        figure: 'bulk import (validated, hash-chained, idempotent)',
        ledger: formatRate(ledgerRate),
        baseline: `${formatRate(baseline.perSecond)} (COPY)`,
        ratio: formatPercent(ratio),
        target: `>= ${formatPercent(TARGETS.bulkImportRatio)} of baseline`,
        pass: ratio >= TARGETS.bulkImportRatio,
      },
    ],
    metrics: { events: sent, batchSize: IMPORT_BATCH_SIZE, ledgerEventsPerSecond: ledgerRate, baselineEventsPerSecond: baseline.perSecond, ratio },
    notes: [],
  };
}

async function rawCopy(databaseUrl: string, file: string): Promise<{ rows: number; perSecond: number }> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(createPlainTableSql('bench_copy_baseline'));
    async function* chunks(): AsyncGenerator<string> {
      for await (const lines of inBatches(ndjsonLines(file), COPY_CHUNK_ROWS)) {
        yield lines.map((line) => copyTextRow(plainValues(JSON.parse(line)))).join('');
      }
    }
    const start = performance.now();
    const rows = await copyChunks(client, `bench_copy_baseline (${PLAIN_COLUMNS})`, chunks());
    const elapsed = since(start);
    await client.query('DROP TABLE bench_copy_baseline');
    return { rows, perSecond: perSecond(rows, elapsed) };
  } finally {
    await client.end();
  }
}
