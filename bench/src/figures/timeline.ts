import { FigureResult, formatKB, formatMs } from '../report/figure';
import { TARGETS } from '../report/targets';
import type { LedgerHttpClient } from '../support/http-client';
import { runLoad } from '../support/load-loop';
import { percentile } from '../support/stats';
import { HEAVY_PERSON_EVENTS } from '../workload/workload';

const WARM_UP_CALLS = 5;

/** How the server under test keeps timelines: the default (ready-to-send copies) or with LEDGER_TIMELINE_CACHE_MB=0. */
export type TimelineServer = 'copies kept' | 'built afresh';

/**
 * A person's timeline with 1,000 events over HTTP, one reader after another (each read also
 * writes its access-log entry, as every person read does). A read is timed from the request to
 * the last byte of the answer. The warm-up answers (not counted) are parsed and must hold 1,000
 * entries; a counted answer must have their length to the byte, and is otherwise only counted
 * (see `countBytesOnly`: the load generator's own garbage collection must not be timed).
 *
 * With copies kept, every counted read after the first is the same unchanged person: the case of
 * a chronology read again and again, answered from a copy the server checks is still current.
 * Built afresh (the second server of the run) is what a first read of any person costs.
 */
export async function measureTimeline(http: LedgerHttpClient, token: string, personId: string, server: TimelineServer, load: { calls: number; maxMs: number }): Promise<FigureResult> {
  const cacheAnswers = new Map<string, number>();
  const path = `/api/persons/${personId}/timeline`;
  // Asks for gzip as browsers, curl --compressed and fetch do; the server sends a kept copy compressed.
  const options = { token, headers: { 'x-purpose': 'scaling benchmark', 'accept-encoding': 'gzip' } };
  // The warm-up answers are parsed and must hold 1,000 entries; every counted answer must be as long as the last of them, to the byte.
  for (let call = 0; call < WARM_UP_CALLS; call++) {
    const entries = ((await http.expectOk('GET', path, options)) as { entries?: unknown[] }).entries?.length;
    if (entries !== HEAVY_PERSON_EVENTS) throw new Error(`the timeline has ${entries} entries, not ${HEAVY_PERSON_EVENTS}`);
  }
  const expectedBytes = (await http.expectOkResponse('GET', path, { ...options, countBytesOnly: true })).body as number;

  const result = await runLoad({ concurrency: 1, maxCalls: load.calls, maxMs: load.maxMs }, async () => {
    const response = await http.expectOkResponse('GET', path, { ...options, countBytesOnly: true });
    if (response.body !== expectedBytes) throw new Error(`a timeline read answered ${response.body} bytes, not the ${expectedBytes} of the warm-up`);
    const answer = `${response.headers['x-cache'] ?? 'none'} ${response.headers['content-encoding'] ?? 'identity'}`;
    cacheAnswers.set(answer, (cacheAnswers.get(answer) ?? 0) + 1);
    return response.elapsedMs;
  });
  const p50 = percentile(result.latenciesMs, 50);
  const p99 = percentile(result.latenciesMs, 99);
  const kept = server === 'copies kept';
  return {
    name: kept ? 'timeline' : 'timeline built afresh',
    rows: [
      {
        figure: `person timeline, ${HEAVY_PERSON_EVENTS.toLocaleString('en-GB')} events, HTTP: ${kept ? 'read again (ready-to-send copy)' : 'built afresh every read'}`,
        ledger: `p50 ${formatMs(p50)}, p99 ${formatMs(p99)}`,
        baseline: '-',
        ratio: '-',
        target: kept ? `p99 < ${TARGETS.timelineP99Ms} ms` : '- (first read)',
        pass: kept ? p99 < TARGETS.timelineP99Ms : null,
      },
    ],
    metrics: { calls: result.calls, p50Ms: p50, p99Ms: p99, bytesPerAnswer: expectedBytes, ...Object.fromEntries([...cacheAnswers].map(([answer, count]) => [`answered ${answer}`, count])) },
    notes: kept
      ? [`timeline read again: asked with Accept-Encoding: gzip, answered ${formatKB(expectedBytes)} a read (${[...cacheAnswers].map(([answer, count]) => `${count} ${answer}`).join(', ')})`]
      : ['timeline built afresh: a second server with LEDGER_TIMELINE_CACHE_MB=0, the cost of a first read of any person (sent as JSON: only kept copies are compressed)'],
  };
}
