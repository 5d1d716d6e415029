/**
 * Runs one side of the rebuild figure in a process of its own, as `ledger replay` would run, so
 * its peak RSS is the rebuild's and not what the benchmark process held before:
 * - `ledger`: ProjectionRunner.rebuildAll, every projection from position 0 in one pass, as
 *   `ledger replay` does (the log's events at the start are the count; a policy may append a few while it runs);
 * - `baseline`: a raw read of the event table in global order, in the runner's batch size, with
 *   node-postgres parsing each row's JSON (with EVENTSTORE_URL: a read of the run's events in
 *   KurrentDB's global order through the store adapter, which parses each event's JSON).
 * Reads BENCH_DATABASE_URL and BENCH_DATA_DIR; sends a RebuildSide to the parent.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Client } from 'pg';
import { EVENT_STORE, LedgerModule } from '@ledger/application';
import { KurrentEventStore } from '@ledger/event-store/kurrent/kurrent-event-store';
import type { EventStore } from '@ledger/event-store';
import { ProjectionRunner, REBUILD_BATCH_SIZE } from '@ledger/projections';
import { withPeakRss } from '../support/rss-sampler';
import { since } from '../support/stats';
import { benchLedgerConfig } from '../setup/ledger-under-test';

export interface RebuildSide {
  events: number;
  elapsedMs: number;
  peakRssBytes: number;
  projections: string[];
  /** Events policies (followers that record events) appended while they were rebuilt. */
  appendedDuringRebuild: number;
}

async function rebuildEveryProjection(databaseUrl: string, dataDir: string): Promise<RebuildSide> {
  const config = benchLedgerConfig(databaseUrl, dataDir);
  const app = await NestFactory.createApplicationContext(LedgerModule.forRoot({ config, runProjections: false }), { logger: false });
  try {
    const runner = app.get(ProjectionRunner);
    const store = app.get<EventStore>(EVENT_STORE);
    const events = await store.headPosition();
    const { result, peakRssBytes } = await withPeakRss(async () => {
      const start = performance.now();
      // As `ledger replay` does: every projection in one pass over the log.
      let reported = 0;
      await runner.rebuildAll(runner.names, (position, head) => {
        if (position - reported >= head / 10) {
          reported = position;
          process.stderr.write(`[bench] rebuilding ${runner.names.join(', ')}: ${position.toLocaleString('en-GB')} of ${head.toLocaleString('en-GB')}\n`);
        }
      });
      return { events, elapsedMs: since(start) };
    });
    return { ...result, peakRssBytes, projections: runner.names, appendedDuringRebuild: (await store.headPosition()) - events };
  } finally {
    await app.close();
  }
}

/** Reads the whole log in global order, batch after batch, timing it and sampling RSS. */
async function timedRead(readAfter: (position: number) => Promise<Array<{ position: number | string }>>): Promise<RebuildSide> {
  const { result, peakRssBytes } = await withPeakRss(async () => {
    const start = performance.now();
    let position = 0;
    let events = 0;
    for (;;) {
      const batch = await readAfter(position);
      if (batch.length === 0) break;
      events += batch.length;
      position = Number(batch[batch.length - 1].position);
    }
    return { events, elapsedMs: since(start) };
  });
  return { ...result, peakRssBytes, projections: [], appendedDuringRebuild: 0 };
}

async function readTheLog(databaseUrl: string): Promise<RebuildSide> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await timedRead(async (position) => {
      const { rows } = await client.query(
        `SELECT position, event_id, person_id, version, type, occurred_at, recorded_at, area, source, recorded_by, data, hash, previous_hash
           FROM ledger_events WHERE position > $1 ORDER BY position LIMIT $2`,
        [position, REBUILD_BATCH_SIZE],
      );
      return rows;
    });
  } finally {
    await client.end();
  }
}

/** The KurrentDB side of the baseline: the run's events in global order, as the runner reads them. */
async function readTheKurrentLog(url: string, namespace: string | undefined): Promise<RebuildSide> {
  const store = KurrentEventStore.connect(url, { namespace });
  try {
    return await timedRead((position) => store.readAll(position, REBUILD_BATCH_SIZE));
  } finally {
    await store.close();
  }
}

async function main(): Promise<void> {
  const databaseUrl = process.env.BENCH_DATABASE_URL!;
  const dataDir = process.env.BENCH_DATA_DIR!;
  const config = benchLedgerConfig(databaseUrl, dataDir);
  let side: RebuildSide;
  if (process.argv[2] === 'ledger') side = await rebuildEveryProjection(databaseUrl, dataDir);
  else if (config.eventStoreUrl) side = await readTheKurrentLog(config.eventStoreUrl, config.eventStoreNamespace);
  else side = await readTheLog(databaseUrl);
  process.send!(side);
}

main().catch((error) => {
  process.stderr.write(`[bench] rebuild child failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
