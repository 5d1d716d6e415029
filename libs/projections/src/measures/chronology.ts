import { instantMicros } from '@ledger/domain/time/instant';
import type { ResolvedEvent } from './resolve-history';

/**
 * Each person's events in the order things happened, the order every measure walks them in:
 *
 * 1. by London date of occurredAt;
 * 2. within a day, by the full instant when occurredAt has a time; an event known only by its date
 *    sorts before the timed events of that day (it cannot be placed within the day, and a total
 *    order needs a rule);
 * 3. then by recordedAt (what the ledger learned first), then by position.
 *
 * Late records (recordedAt long after occurredAt) therefore land where they happened.
 */
export function groupByPerson(events: ResolvedEvent[], keep: (event: ResolvedEvent) => boolean = () => true): Map<string, ResolvedEvent[]> {
  const decorated = new Map<string, SortableEvent[]>();
  for (const event of events) {
    if (!keep(event)) continue;
    let list = decorated.get(event.personId);
    if (!list) decorated.set(event.personId, (list = []));
    list.push(sortable(event));
  }
  const byPerson = new Map<string, ResolvedEvent[]>();
  for (const [personId, list] of decorated) {
    byPerson.set(personId, list.sort(compareSortable).map((entry) => entry.event));
  }
  return byPerson;
}

/** One person's events (already resolved) in the same order as groupByPerson gives. */
export function chronological(events: ResolvedEvent[]): ResolvedEvent[] {
  return events.map(sortable).sort(compareSortable).map((entry) => entry.event);
}

interface SortableEvent {
  event: ResolvedEvent;
  instantMs: number;
  recordedMs: number;
}

function sortable(event: ResolvedEvent): SortableEvent {
  return {
    event,
    // A bare date (YYYY-MM-DD) has no time of day; anything longer is a validated instant.
    instantMs: event.occurredAt.length === 10 ? Number.NEGATIVE_INFINITY : instantMicros(event.occurredAt),
    recordedMs: instantMicros(event.recordedAt),
  };
}

function compareSortable(a: SortableEvent, b: SortableEvent): number {
  if (a.event.occurredDate !== b.event.occurredDate) return a.event.occurredDate < b.event.occurredDate ? -1 : 1;
  if (a.instantMs !== b.instantMs) return a.instantMs < b.instantMs ? -1 : 1;
  if (a.recordedMs !== b.recordedMs) return a.recordedMs - b.recordedMs;
  return a.event.position - b.event.position;
}
