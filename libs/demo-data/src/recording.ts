import type { NewEvent, SourceSystem } from '@ledger/domain/envelope';
import type { Draft, Journey } from './journey';
import { SECOND, toDate, toInstant } from './time';

/** The interface account each system's records arrive under. */
const RECORDED_BY: Readonly<Record<SourceSystem, string>> = {
  pnc: 'pnc-interface',
  court: 'court-results-interface',
  nomis: 'nomis-interface',
  ndelius: 'ndelius-interface',
  oasys: 'oasys-interface',
  visor: 'visor-interface',
  'rj-service': 'rj-service-interface',
  manual: 'data-quality-team',
};

/**
 * Settles when each draft was recorded and returns the person's events in recording order:
 * - `person.registered` is recorded first;
 * - every other draft is recorded after its occurrence plus its system's delay, and never before
 *   a draft that occurred earlier (a source reports in order), so recording order agrees with
 *   valid-time order and chains such as MAPPA registration, change, deregistration stay in order;
 * - late PNC results are the exception: recorded months after the hearing, after later events;
 * - nothing recorded after `until` is kept (the history is as known at `until`).
 */
export function recordJourney(j: Journey): NewEvent[] {
  const [registration, ...rest] = j.drafts;
  if (registration?.type !== 'person.registered') throw new Error('a journey must start with person.registered');
  const recorded: Array<{ draft: Draft; recordedMs: number }> = [
    { draft: registration, recordedMs: registration.occurredMs + registration.lagMs },
  ];
  let previous = recorded[0].recordedMs;
  // Array.prototype.sort is stable: drafts that occurred at the same moment keep the order written.
  for (const draft of rest.filter((d) => !d.late).sort((a, b) => a.occurredMs - b.occurredMs)) {
    previous = Math.max(draft.occurredMs + draft.lagMs, previous + SECOND);
    recorded.push({ draft, recordedMs: previous });
  }
  for (const draft of rest.filter((d) => d.late)) recorded.push({ draft, recordedMs: draft.occurredMs + draft.lagMs });

  return recorded
    .filter(({ recordedMs }) => recordedMs <= j.until)
    .sort((a, b) => a.recordedMs - b.recordedMs)
    .map(({ draft, recordedMs }) => ({
      eventId: draft.eventId,
      type: draft.type,
      personId: j.person.personId,
      occurredAt: draft.dateOnly ? toDate(draft.occurredMs) : toInstant(draft.occurredMs),
      recordedAt: toInstant(recordedMs),
      area: j.area.area,
      source: draft.reference === undefined ? { system: draft.system } : { system: draft.system, reference: draft.reference },
      recordedBy: RECORDED_BY[draft.system],
      data: draft.data,
    }));
}
