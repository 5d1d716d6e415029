/**
 * The HTTP figures' load generator, in a process of its own: the appends, the timeline and the
 * reports, against the ledger server the parent started. The benchmark process has just run the
 * bulk import in-process and holds a heap to match; the pauses of its garbage collector would
 * otherwise be timed as the server's latency. Takes its LoadJob as the first IPC message; sends
 * the FigureResult[] back.
 */
import 'reflect-metadata';
import { failedFigure, FigureResult } from '../report/figure';
import { benchTokens } from '../setup/ledger-under-test';
import { LedgerHttpClient } from '../support/http-client';
import type { PersonRef } from '../workload/workload';
import { measureAppends } from './appends';
import { measureReports } from './reports';
import { measureTimeline, TimelineServer } from './timeline';

export type HttpFigure = 'single-event appends' | 'timeline' | 'timeline built afresh' | 'reports';

export interface LoadJob {
  port: number;
  /** The run's data directory: the server's token secret is there. */
  dataDir: string;
  databaseUrl: string;
  figures: HttpFigure[];
  clients: number;
  appends: number;
  appendTargets: PersonRef[];
  heavyPersonId: string;
  timelineReads: number;
  population: { people: number; eventsPerPerson: number };
  reportRuns: { now: number; asOf: number };
  phaseLimitMs: number;
}

async function run(job: LoadJob): Promise<FigureResult[]> {
  const http = new LedgerHttpClient(job.port, job.clients);
  const token = benchTokens(job.dataDir);
  const timeline = async (server: TimelineServer) =>
    measureTimeline(http, await token('auditor'), job.heavyPersonId, server, { calls: job.timelineReads, maxMs: job.phaseLimitMs });
  const figures: Record<HttpFigure, () => Promise<FigureResult>> = {
    'single-event appends': () =>
      measureAppends(http, (area) => token('recorder', area), job.databaseUrl, job.appendTargets, { clients: job.clients, maxEvents: job.appends, maxMs: job.phaseLimitMs }),
    timeline: () => timeline('copies kept'),
    'timeline built afresh': () => timeline('built afresh'),
    reports: async () => measureReports(http, await token('auditor'), job.population, job.reportRuns),
  };
  const results: FigureResult[] = [];
  try {
    for (const name of job.figures) {
      process.stderr.write(`[bench load generator] measuring ${name}\n`);
      results.push(await figures[name]().catch((error) => failedFigure(name, error)));
    }
  } finally {
    http.close();
  }
  return results;
}

process.once('message', (job: LoadJob) =>
  run(job).then(
    (results) => process.send!(results, () => process.exit(0)),
    (error) => {
      process.stderr.write(`[bench] load generator failed: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    },
  ),
);
