import type { StoredEvent } from '@ledger/domain/envelope';
import { instantMicros } from '@ledger/domain/time/instant';
import type { PersonMergedData, RecordCorrectedData, RecordRetractedData } from './event-data';
import { isValidDate, londonDate } from './london-dates';

/** An event as every measure sees it: corrected, not retracted, on its person after merges. */
export interface ResolvedEvent<D = Record<string, unknown>> {
  eventId: string;
  type: string;
  /** The person the event counts for, after following `person.merged` chains. */
  personId: string;
  /** The stream the event was recorded on. */
  originalPersonId: string;
  /** As corrected. */
  occurredAt: string;
  /** London calendar date of `occurredAt`. */
  occurredDate: string;
  recordedAt: string;
  area: string;
  /** As corrected. */
  data: D;
  position: number;
  /** True when a `record.corrected` replaced its data or occurredAt. */
  corrected: boolean;
}

export interface ResolveOptions {
  /**
   * "As known at T": only events with recordedAt <= T count, corrections, retractions and merges
   * included. An instant, or a bare date meaning the end of that London day.
   */
  asOf?: string;
}

const CORRECTED = 'record.corrected';
const RETRACTED = 'record.retracted';
const MERGED = 'person.merged';

/** Latest recorded first wins; position breaks ties between events recorded at the same instant. */
function isRecordedLater(a: StoredEvent, b: StoredEvent): boolean {
  const byRecorded = instantMicros(a.recordedAt) - instantMicros(b.recordedAt);
  return byRecorded !== 0 ? byRecorded > 0 : a.position > b.position;
}

function knownAt(asOf: string | undefined): (event: StoredEvent) => boolean {
  if (asOf === undefined) return () => true;
  if (isValidDate(asOf)) return (event) => londonDate(event.recordedAt) <= asOf;
  const limit = instantMicros(asOf);
  if (Number.isNaN(limit)) throw new RangeError(`asOf is not an ISO-8601 date or instant: ${asOf}`);
  return (event) => instantMicros(event.recordedAt) <= limit;
}

/**
 * Applies corrections, retractions and merges (domain.md "Corrections", "As known at T").
 *
 * - A retraction removes its target. Retracting a correction undoes that correction; retracting a
 *   merge undoes the merge. Retractions themselves are final (a retraction of one is ignored).
 * - A fact takes the `data` (and `occurredAt`, when given) of its latest correction, latest by
 *   recordedAt then position.
 * - `person.merged` on X moves X's events to intoPersonId, following chains X -> Y -> Z; when a
 *   person was merged more than once, the latest recorded merge applies.
 *
 * Correction and retraction events are not returned; everything else is, in position order.
 * O(n log n) for the sort by position, O(n) otherwise.
 */
export function resolveHistory(events: StoredEvent[], options: ResolveOptions = {}): ResolvedEvent[] {
  const isKnown = knownAt(options.asOf);
  const known = events.filter(isKnown).sort((a, b) => a.position - b.position);

  const retracted = new Set<string>();
  const corrections: StoredEvent[] = [];
  const merges: StoredEvent[] = [];
  for (const event of known) {
    if (event.type === RETRACTED) retracted.add((event.data as unknown as RecordRetractedData).targetEventId);
    else if (event.type === CORRECTED) corrections.push(event);
    else if (event.type === MERGED) merges.push(event);
  }

  const latestCorrection = new Map<string, StoredEvent>();
  for (const event of corrections) {
    if (retracted.has(event.eventId)) continue;
    const target = (event.data as unknown as RecordCorrectedData).targetEventId;
    const current = latestCorrection.get(target);
    if (!current || isRecordedLater(event, current)) latestCorrection.set(target, event);
  }
  const replacementOf = (event: StoredEvent) => latestCorrection.get(event.eventId)?.data as unknown as RecordCorrectedData | undefined;

  const canonical = canonicalPersonResolver(
    merges.filter((merge) => !retracted.has(merge.eventId)),
    (merge) => ((replacementOf(merge)?.data ?? merge.data) as unknown as PersonMergedData).intoPersonId,
  );

  const resolved: ResolvedEvent[] = [];
  for (const event of known) {
    if (event.type === CORRECTED || event.type === RETRACTED || retracted.has(event.eventId)) continue;
    const replacement = replacementOf(event);
    const occurredAt = replacement?.occurredAt ?? event.occurredAt;
    resolved.push({
      eventId: event.eventId,
      type: event.type,
      personId: canonical(event.personId),
      originalPersonId: event.personId,
      occurredAt,
      occurredDate: londonDate(occurredAt),
      recordedAt: event.recordedAt,
      area: event.area,
      data: replacement?.data ?? event.data,
      position: event.position,
      corrected: replacement !== undefined,
    });
  }
  return resolved;
}

/**
 * Who a merge, or a correction of one, says its record is a duplicate of (undefined for any other
 * event). Finding every record a person's history can involve starts from these.
 */
export function mergedIntoBy(event: Pick<StoredEvent, 'type' | 'data'>): string | undefined {
  const data = event.type === CORRECTED ? (event.data as { data?: unknown }).data : event.type === MERGED ? event.data : undefined;
  const into = (data as { intoPersonId?: unknown } | undefined)?.intoPersonId;
  return typeof into === 'string' ? into : undefined;
}

function canonicalPersonResolver(merges: StoredEvent[], intoPersonOf: (merge: StoredEvent) => string): (personId: string) => string {
  const latestMerge = new Map<string, StoredEvent>();
  for (const merge of merges) {
    const current = latestMerge.get(merge.personId);
    if (!current || isRecordedLater(merge, current)) latestMerge.set(merge.personId, merge);
  }
  const mergedInto = new Map<string, string>();
  for (const [personId, merge] of latestMerge) mergedInto.set(personId, intoPersonOf(merge));

  const resolved = new Map<string, string>();
  return (personId) => {
    const cached = resolved.get(personId);
    if (cached !== undefined) return cached;
    const path = [personId];
    let next = mergedInto.get(personId);
    while (next !== undefined && !path.includes(next)) {
      path.push(next);
      next = mergedInto.get(next);
    }
    // A cycle (A into B and B into A: bad data) must still give every member one answer.
    const canonical = next === undefined ? path[path.length - 1] : path.slice(path.indexOf(next)).sort()[0];
    resolved.set(personId, canonical);
    return canonical;
  };
}
