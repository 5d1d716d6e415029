import { FigureResult, formatMs } from '../report/figure';
import { TARGETS } from '../report/targets';
import type { LedgerHttpClient } from '../support/http-client';
import { runLoad } from '../support/load-loop';
import { percentile } from '../support/stats';
import { HEAVY_PERSON_EVENTS } from '../workload/workload';

const WARM_UP_CALLS = 5;

/**
 * A person's timeline with 1,000 events over HTTP, one reader after another (each read also
 * writes its access-log entry, as every person read does). The first calls warm up and are
 * not counted.
 */
export async function measureTimeline(http: LedgerHttpClient, token: string, personId: string, load: { calls: number; maxMs: number }): Promise<FigureResult> {
  const read = () => http.expectOk('GET', `/api/persons/${personId}/timeline`, { token, headers: { 'x-purpose': 'scaling benchmark' } });
  const first = (await read()) as { entries?: unknown[] };
  if (first.entries?.length !== HEAVY_PERSON_EVENTS) throw new Error(`the timeline has ${first.entries?.length} entries, not ${HEAVY_PERSON_EVENTS}`);
  for (let call = 1; call < WARM_UP_CALLS; call++) await read();

  const result = await runLoad({ concurrency: 1, maxCalls: load.calls, maxMs: load.maxMs }, async () => {
    await read();
  });
  const p50 = percentile(result.latenciesMs, 50);
  const p99 = percentile(result.latenciesMs, 99);
  return {
    name: 'timeline',
    rows: [
      {
        figure: `person timeline, ${HEAVY_PERSON_EVENTS.toLocaleString('en-GB')} events, HTTP`,
        ledger: `p50 ${formatMs(p50)}, p99 ${formatMs(p99)}`,
        baseline: '-',
        ratio: '-',
        target: `p99 < ${TARGETS.timelineP99Ms} ms`,
        pass: p99 < TARGETS.timelineP99Ms,
      },
    ],
    metrics: { calls: result.calls, p50Ms: p50, p99Ms: p99 },
    notes: [],
  };
}
