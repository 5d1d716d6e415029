import { FigureResult, formatCount, formatMs, Row } from '../report/figure';
import { TARGETS } from '../report/targets';
import type { LedgerHttpClient } from '../support/http-client';
import { median, percentile, timed } from '../support/stats';

/** The instant of the "as known at" reports: a year before the demo data's end of history. */
export const AS_KNOWN_AT = '2025-11-01T00:00:00Z';

interface ReportCall {
  label: string;
  target: number;
  /** The path, given the cohort to ask about. */
  path: (cohortId: string) => string;
}

const NOW_REPORTS: ReportCall[] = [
  { label: 'MAPPA snapshot', target: TARGETS.mappaSnapshotMs, path: () => '/api/mappa/snapshot?at=2026-03-31' },
  { label: 'IOM cohort progress', target: TARGETS.cohortProgressMs, path: (cohort) => `/api/iom/cohorts/${encodeURIComponent(cohort)}/progress?at=2026-11-01` },
  { label: 'reoffending quarter', target: TARGETS.reoffendingQuarterMs, path: () => '/api/reoffending?from=2024-01-01&to=2024-04-01' },
];

const AS_OF_REPORTS: ReportCall[] = [
  { label: 'MAPPA snapshot', target: TARGETS.asKnownAtMs, path: () => `/api/mappa/snapshot?at=2025-10-31&asOf=${AS_KNOWN_AT}` },
  { label: 'IOM cohort progress', target: TARGETS.asKnownAtMs, path: (cohort) => `/api/iom/cohorts/${encodeURIComponent(cohort)}/progress?at=2025-10-31&asOf=${AS_KNOWN_AT}` },
  { label: 'reoffending quarter', target: TARGETS.asKnownAtMs, path: () => `/api/reoffending?from=2023-01-01&to=2023-04-01&asOf=${AS_KNOWN_AT}` },
];

/**
 * The reports over HTTP, each called once to warm up (that call also catches the read model up
 * with the appends before it) and then `runs` times in a row; a report passes when its slowest
 * counted call is within the target. The cohort is the largest one (then, for "as known at").
 */
export async function measureReports(
  http: LedgerHttpClient,
  token: string,
  population: { people: number; eventsPerPerson: number },
  runs: { now: number; asOf: number },
): Promise<FigureResult> {
  const { people } = population;
  const rows: Row[] = [];
  const metrics: Record<string, number | string> = { people, asKnownAt: AS_KNOWN_AT };
  const scale = people >= TARGETS.reportPeople ? '' : ` [${formatCount(people)} people]`;
  for (const [calls, runCount, suffix, cohort] of [
    [NOW_REPORTS, runs.now, '', await largestCohort(http, token)],
    [AS_OF_REPORTS, runs.asOf, ` as known at ${AS_KNOWN_AT.slice(0, 10)}`, await largestCohort(http, token, AS_KNOWN_AT)],
  ] as const) {
    for (const call of calls) {
      const path = call.path(cohort);
      await http.expectOk('GET', path, { token });
      const durations: number[] = [];
      for (let run = 0; run < runCount; run++) durations.push((await timed(() => http.expectOk('GET', path, { token }))).ms);
      const slowest = percentile(durations, 100);
      const key = `${call.label}${suffix}`;
      metrics[`${key}: median ms`] = median(durations);
      metrics[`${key}: slowest ms`] = slowest;
      rows.push({
        figure: `${key}${scale}`,
        ledger: `median ${formatMs(median(durations))}, slowest ${formatMs(slowest)} of ${runCount}`,
        baseline: '-',
        ratio: '-',
        target: `< ${formatMs(call.target)}${call.target === TARGETS.asKnownAtMs ? '' : ` at ${formatCount(TARGETS.reportPeople)} people`}`,
        pass: slowest < call.target,
      });
    }
  }
  const notes =
    people < TARGETS.reportPeople
      ? [
          `report targets are stated at ${formatCount(TARGETS.reportPeople)} people; this run has ${formatCount(people)} ` +
            `(${formatCount(TARGETS.reportPeople)} people is about --scale ${Math.round(TARGETS.reportPeople * population.eventsPerPerson)})`,
        ]
      : [];
  return { name: 'reports', rows, metrics, notes };
}

async function largestCohort(http: LedgerHttpClient, token: string, asOf?: string): Promise<string> {
  const body = (await http.expectOk('GET', `/api/iom/cohorts${asOf ? `?asOf=${asOf}` : ''}`, { token })) as { cohorts: Array<{ cohortId: string; members: number }> };
  if (body.cohorts.length === 0) throw new Error(`no IOM cohort${asOf ? ` as known at ${asOf}` : ''}: the population is too small`);
  return body.cohorts.reduce((largest, cohort) => (cohort.members > largest.members ? cohort : largest)).cohortId;
}
