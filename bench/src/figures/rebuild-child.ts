/**
 * Runs one side of the rebuild figure in a process of its own, as `ledger replay` would run, so
 * its peak RSS is the rebuild's and not what the benchmark process held before:
 * - `ledger`: ProjectionRunner.rebuild of every projection, from position 0, as `ledger replay`
 *   does (the log's events at the start are the count; a policy may append a few while it runs);
 * - `baseline`: a raw read of the event table in global order, in the runner's batch size, with
 *   node-postgres parsing each row's JSON.
 * Reads BENCH_DATABASE_URL and BENCH_DATA_DIR; sends a RebuildSide to the parent.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Client } from 'pg';
import { EVENT_STORE, LedgerModule } from '@ledger/application';
import { loadLedgerConfig } from '@ledger/config';
import type { EventStore } from '@ledger/event-store';
import { ProjectionRunner } from '@ledger/projections';
import { withPeakRss } from '../support/rss-sampler';
import { since } from '../support/stats';

export interface RebuildSide {
  events: number;
  elapsedMs: number;
  peakRssBytes: number;
  projections: string[];
  /** Events policies (followers that record events) appended while they were rebuilt. */
  appendedDuringRebuild: number;
}

/** ProjectionRunner.rebuild's default batch, used by the baseline read too. */
const BATCH_SIZE = 2000;

async function rebuildEveryProjection(databaseUrl: string, dataDir: string): Promise<RebuildSide> {
  const config = { ...loadLedgerConfig({}), databaseUrl, dataDir, projectionsInProcess: false, demoData: false };
  const app = await NestFactory.createApplicationContext(LedgerModule.forRoot({ config, runProjections: false }), { logger: false });
  try {
    const runner = app.get(ProjectionRunner);
    const store = app.get<EventStore>(EVENT_STORE);
    const events = await store.headPosition();
    const { result, peakRssBytes } = await withPeakRss(async () => {
      const start = performance.now();
      for (const name of runner.names) {
        let reported = 0;
        await runner.rebuild(name, (position, head) => {
          if (position - reported >= head / 10) {
            reported = position;
            process.stderr.write(`[bench] rebuilding ${name}: ${position.toLocaleString('en-GB')} of ${head.toLocaleString('en-GB')}\n`);
          }
        });
      }
      return { events, elapsedMs: since(start) };
    });
    return { ...result, peakRssBytes, projections: runner.names, appendedDuringRebuild: (await store.headPosition()) - events };
  } finally {
    await app.close();
  }
}

async function readTheLog(databaseUrl: string): Promise<RebuildSide> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { result, peakRssBytes } = await withPeakRss(async () => {
      const start = performance.now();
      let position = 0;
      let events = 0;
      for (;;) {
        const { rows } = await client.query(
          `SELECT position, event_id, person_id, version, type, occurred_at, recorded_at, area, source, recorded_by, data, hash, previous_hash
             FROM ledger_events WHERE position > $1 ORDER BY position LIMIT $2`,
          [position, BATCH_SIZE],
        );
        if (rows.length === 0) break;
        events += rows.length;
        position = Number(rows[rows.length - 1].position);
      }
      return { events, elapsedMs: since(start) };
    });
    return { ...result, peakRssBytes, projections: [], appendedDuringRebuild: 0 };
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  const databaseUrl = process.env.BENCH_DATABASE_URL!;
  const side = process.argv[2] === 'ledger' ? await rebuildEveryProjection(databaseUrl, process.env.BENCH_DATA_DIR!) : await readTheLog(databaseUrl);
  process.send!(side);
}

main().catch((error) => {
  process.stderr.write(`[bench] rebuild child failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
