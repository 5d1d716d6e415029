import type { StoredEvent } from '@ledger/domain/envelope';
import { instantMicros } from '@ledger/domain/time/instant';
import { londonDate } from '../measures/london-dates';

export interface TimelineCorrection {
  eventId: string;
  recordedAt: string;
  recordedBy?: string;
  reason: string;
  occurredAt?: string;
  data: unknown;
  /** The correction was itself retracted (recorded in error) and no longer applies. */
  retracted?: boolean;
}

export interface TimelineEntry {
  eventId: string;
  type: string;
  /** The record (stream) the event was recorded on; differs from the person for merged duplicates. */
  recordPersonId: string;
  /** As corrected. */
  occurredAt: string;
  recordedAt: string;
  area: string;
  source?: StoredEvent['source'];
  recordedBy?: string;
  /** As corrected. */
  data: Record<string, unknown>;
  position: number;
  hash: string;
  corrected?: boolean;
  /** What was first recorded, when a correction replaced it. */
  original?: { occurredAt: string; data: Record<string, unknown> };
  corrections?: TimelineCorrection[];
  retracted?: boolean;
  retraction?: { eventId: string; reason: string; recordedAt: string; recordedBy?: string };
}

export interface Timeline {
  personId: string;
  asOf: string | null;
  entries: TimelineEntry[];
}

/**
 * A person's chronology from their stored events (and those of records merged into them):
 * in valid-time order (London date, then instant, then when recorded), with each correction folded
 * into the event it corrects and retracted events kept, flagged, for auditors. The correction and
 * retraction events themselves are not entries of their own.
 */
export function buildTimeline(personId: string, events: StoredEvent[], asOf?: string): Timeline {
  const recordedMs = new Map(events.map((event) => [event, instantMicros(event.recordedAt)]));
  const byRecorded = [...events].sort((a, b) => recordedMs.get(a)! - recordedMs.get(b)! || a.position - b.position);
  const retractions = new Map<string, StoredEvent>();
  for (const event of byRecorded) {
    if (event.type === 'record.retracted') {
      const target = String(event.data.targetEventId);
      if (!retractions.has(target)) retractions.set(target, event);
    }
  }
  const corrections = new Map<string, StoredEvent[]>();
  for (const event of byRecorded) {
    if (event.type !== 'record.corrected') continue;
    const target = String(event.data.targetEventId);
    const earlier = corrections.get(target);
    if (earlier) earlier.push(event);
    else corrections.set(target, [event]);
  }

  const entries: TimelineEntry[] = [];
  for (const event of events) {
    if (event.type === 'record.corrected' || event.type === 'record.retracted') continue;
    const entry: TimelineEntry = {
      eventId: event.eventId,
      type: event.type,
      recordPersonId: event.personId,
      occurredAt: event.occurredAt,
      recordedAt: event.recordedAt,
      area: event.area,
      data: event.data,
      position: event.position,
      hash: event.hash,
    };
    if (event.source) entry.source = event.source;
    if (event.recordedBy) entry.recordedBy = event.recordedBy;
    const fixes = corrections.get(event.eventId) ?? [];
    if (fixes.length > 0) {
      entry.corrections = fixes.map((fix) => {
        const replacement = fix.data as { reason: string; occurredAt?: string; data: unknown };
        const correction: TimelineCorrection = { eventId: fix.eventId, recordedAt: fix.recordedAt, reason: replacement.reason, data: replacement.data };
        if (fix.recordedBy) correction.recordedBy = fix.recordedBy;
        if (replacement.occurredAt) correction.occurredAt = replacement.occurredAt;
        if (retractions.has(fix.eventId)) correction.retracted = true;
        return correction;
      });
      const latest = [...entry.corrections].reverse().find((correction) => !correction.retracted);
      if (latest) {
        entry.corrected = true;
        entry.original = { occurredAt: event.occurredAt, data: event.data };
        entry.data = latest.data as Record<string, unknown>;
        if (latest.occurredAt) entry.occurredAt = latest.occurredAt;
      }
    }
    const retraction = retractions.get(event.eventId);
    if (retraction) {
      entry.retracted = true;
      entry.retraction = { eventId: retraction.eventId, reason: String(retraction.data.reason), recordedAt: retraction.recordedAt };
      if (retraction.recordedBy) entry.retraction.recordedBy = retraction.recordedBy;
    }
    entries.push(entry);
  }
  // Sort keys worked out once per entry, not once per comparison (a London date can need the time-zone database).
  const keyed = entries.map((entry) => ({ entry, key: sortKey(entry) }));
  keyed.sort((a, b) => compareKeys(a.key, b.key));
  return { personId, asOf: asOf ?? null, entries: keyed.map(({ entry }) => entry) };
}

interface SortKey {
  date: string;
  /** The instant it occurred; -Infinity for a bare date (it comes first on its day). */
  instant: number;
  recorded: number;
  position: number;
}

function sortKey(entry: TimelineEntry): SortKey {
  return {
    date: londonDate(entry.occurredAt),
    instant: entry.occurredAt.length === 10 ? Number.NEGATIVE_INFINITY : instantMicros(entry.occurredAt),
    recorded: instantMicros(entry.recordedAt),
    position: entry.position,
  };
}

function compareKeys(a: SortKey, b: SortKey): number {
  if (a.date !== b.date) return a.date < b.date ? -1 : 1;
  const byInstant = a.instant - b.instant;
  if (byInstant !== 0 && !Number.isNaN(byInstant)) return byInstant;
  return a.recorded - b.recorded || a.position - b.position;
}
