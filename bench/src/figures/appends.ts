import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { NewEvent } from '@ledger/domain/envelope';
import { createPlainTableSql, PLAIN_COLUMNS, plainValues } from '../baseline/plain-tables';
import { FigureResult, formatMs, formatPercent, formatRate } from '../report/figure';
import { TARGETS } from '../report/targets';
import type { LedgerHttpClient } from '../support/http-client';
import { LoadOptions, LoadResult, runLoad } from '../support/load-loop';
import { percentile, perSecond } from '../support/stats';
import type { PersonRef } from '../workload/workload';

export interface AppendLoad {
  clients: number;
  maxEvents: number;
  maxMs: number;
}

/**
 * Appends (and baseline inserts) made first on each side and not counted: the server has just
 * started, and its first few hundred requests are V8 compiling the request path, which a ledger
 * in service has long done. Its p99 is what the figure is about; a cold start would set it.
 */
export const APPEND_WARM_UP_CALLS = 500;

/**
 * Single-event appends: `clients` concurrent HTTP clients each POST one new arrest for a person
 * already in the ledger, one request after another; against the same events written by raw
 * single-row INSERTs (each its own transaction) on as many PostgreSQL connections.
 */
export async function measureAppends(
  http: LedgerHttpClient,
  tokenForArea: (area: string) => Promise<string>,
  databaseUrl: string,
  people: PersonRef[],
  load: AppendLoad,
): Promise<FigureResult> {
  const options: LoadOptions = { concurrency: load.clients, maxCalls: load.maxEvents, maxMs: load.maxMs };
  const warmUp: LoadOptions = { ...options, maxCalls: APPEND_WARM_UP_CALLS };
  const baseline = await rawInserts(databaseUrl, people, warmUp, options);

  const tokens = new Map<string, string>();
  for (const area of new Set(people.map((person) => person.area))) tokens.set(area, await tokenForArea(area));
  const appendOne = async (n: number) => {
    const event = arrestFor(people[n % people.length]);
    await http.expectOk('POST', '/api/events', { token: tokens.get(event.area)!, body: event });
  };
  await runLoad(warmUp, appendOne);
  const ledger = await runLoad(options, appendOne);

  const ledgerRate = perSecond(ledger.calls, ledger.elapsedMs);
  const baselineRate = perSecond(baseline.calls, baseline.elapsedMs);
  const ratio = ledgerRate / baselineRate;
  const p50 = percentile(ledger.latenciesMs, 50);
  const p99 = percentile(ledger.latenciesMs, 99);
  const baselineP50 = percentile(baseline.latenciesMs, 50);
  const baselineP99 = percentile(baseline.latenciesMs, 99);
  const figure = `single-event appends, HTTP, ${load.clients} clients`;
  return {
    name: 'single-event appends',
    rows: [
      {
        figure: `${figure}: rate`,
        ledger: formatRate(ledgerRate),
        baseline: `${formatRate(baselineRate)} (INSERT)`,
        ratio: formatPercent(ratio),
        target: `>= ${formatPercent(TARGETS.appendRatio)} of baseline`,
        pass: ratio >= TARGETS.appendRatio,
      },
      {
        figure: `${figure}: latency`,
        ledger: `p50 ${formatMs(p50)}, p99 ${formatMs(p99)}`,
        baseline: `p50 ${formatMs(baselineP50)}, p99 ${formatMs(baselineP99)}`,
        ratio: '-',
        target: `p99 < ${TARGETS.appendP99Ms} ms`,
        pass: p99 < TARGETS.appendP99Ms,
      },
    ],
    metrics: {
      clients: load.clients,
      ledgerEvents: ledger.calls,
      ledgerSeconds: ledger.elapsedMs / 1000,
      ledgerEventsPerSecond: ledgerRate,
      ledgerP50Ms: p50,
      ledgerP99Ms: p99,
      baselineEvents: baseline.calls,
      baselineEventsPerSecond: baselineRate,
      baselineP50Ms: baselineP50,
      baselineP99Ms: baselineP99,
      warmUpCallsPerSide: APPEND_WARM_UP_CALLS,
      ratio,
    },
    notes: [`single-event appends: each side first made ${APPEND_WARM_UP_CALLS} uncounted calls (a warm-up: the server has just started)`],
  };
}

/** A new arrest for someone already in the ledger: valid at any point in their stream. */
function arrestFor(person: PersonRef): NewEvent {
  const now = new Date();
  const offenceId = `OFF-BENCH-${randomUUID()}`;
  return {
    eventId: randomUUID(),
    type: 'arrest.recorded',
    personId: person.personId,
    occurredAt: now.toISOString(),
    area: person.area,
    source: { system: 'pnc', reference: `ARR-BENCH-${offenceId.slice(-12)}` },
    recordedBy: 'benchmark',
    data: { arrestId: `ARR-${offenceId}`, offences: [{ offenceId, offenceDate: now.toISOString().slice(0, 10), category: 'theft' }] },
  };
}

async function rawInserts(databaseUrl: string, people: PersonRef[], warmUp: LoadOptions, options: LoadOptions): Promise<LoadResult> {
  const clients = await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      const client = new Client({ connectionString: databaseUrl });
      await client.connect();
      return client;
    }),
  );
  try {
    await clients[0].query(createPlainTableSql('bench_insert_baseline'));
    const idle = [...clients];
    const sql = `INSERT INTO bench_insert_baseline (${PLAIN_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`;
    // Each caller of the load loop holds one connection for its call: one autocommit INSERT, one transaction.
    const insertOne = async (n: number) => {
      const client = idle.pop()!;
      try {
        await client.query(sql, plainValues(arrestFor(people[n % people.length])));
      } finally {
        idle.push(client);
      }
    };
    await runLoad(warmUp, insertOne);
    const result = await runLoad(options, insertOne);
    await clients[0].query('DROP TABLE bench_insert_baseline');
    return result;
  } finally {
    await Promise.all(clients.map((client) => client.end()));
  }
}
