import { londonDate } from '@ledger/domain/time/london';
import type { Timeline, TimelineEntry } from '@ledger/projections';
import { describeEvent } from './describe-event';
import { instantMicros } from '@ledger/domain/time/instant';
import { endOfLondonDay } from '@ledger/domain/time/end-of-london-day';

/**
 * The review chronology pack of a serious case review: the person's chronology between two dates,
 * each entry with who recorded it and when, its later corrections, and for each "known at" date
 * whether the agencies had it on record then (and in the form it has now).
 */

/**
 * What the ledger held about an entry at the end of a "known at" day:
 * - `known`: recorded by then, and nothing about it was corrected or retracted since;
 * - `corrected-later`: recorded by then, but a correction recorded since changed it;
 * - `retracted-later`: recorded by then, and retracted (as recorded in error) since;
 * - `not-recorded`: recorded only after that day.
 */
export type KnownAtState = 'known' | 'corrected-later' | 'retracted-later' | 'not-recorded';

export interface PackCorrection {
  recordedAt: string;
  recordedBy: string | null;
  reason: string;
  /** What happened, as the correction restated it. */
  what: string;
  /** The correction itself was later retracted, so it no longer applies. */
  retracted: boolean;
}

export interface PackEntry {
  eventId: string;
  type: string;
  /** London date it happened (as corrected). */
  occurredOn: string;
  occurredAt: string;
  /** What happened (as corrected). */
  what: string;
  /** What was first recorded, when a correction changed it. */
  originallyRecorded: { occurredOn: string; what: string } | null;
  sourceSystem: string | null;
  sourceReference: string | null;
  recordedBy: string | null;
  recordedAt: string;
  area: string;
  corrections: PackCorrection[];
  retraction: { recordedAt: string; recordedBy: string | null; reason: string } | null;
  knownAt: Array<{ date: string; state: KnownAtState }>;
}

export interface ChronologyPack {
  personId: string;
  /** Inclusive London dates; null for an open end. */
  from: string | null;
  to: string | null;
  knownAt: string[];
  entries: PackEntry[];
}

export interface PackOptions {
  from?: string;
  to?: string;
  knownAt?: string[];
}

const isAfter = (instant: string, limit: string) => instantMicros(instant) > instantMicros(limit);

function knownAtState(entry: TimelineEntry, endOfDay: string): KnownAtState {
  if (isAfter(entry.recordedAt, endOfDay)) return 'not-recorded';
  if (entry.retraction && isAfter(entry.retraction.recordedAt, endOfDay)) return 'retracted-later';
  const correctedSince = (entry.corrections ?? []).some((correction) => !correction.retracted && isAfter(correction.recordedAt, endOfDay));
  return correctedSince ? 'corrected-later' : 'known';
}

/** Builds the pack from the person's full (as known now) timeline. */
export function chronologyPack(timeline: Timeline, options: PackOptions = {}): ChronologyPack {
  const knownAt = [...new Set(options.knownAt ?? [])].sort();
  const endsOfDay = knownAt.map((date) => ({ date, end: endOfLondonDay(date) }));
  const inPeriod = (entry: TimelineEntry) => {
    const on = londonDate(entry.occurredAt);
    return (options.from === undefined || on >= options.from) && (options.to === undefined || on <= options.to);
  };

  const entries = timeline.entries.filter(inPeriod).map(
    (entry): PackEntry => ({
      eventId: entry.eventId,
      type: entry.type,
      occurredOn: londonDate(entry.occurredAt),
      occurredAt: entry.occurredAt,
      what: describeEvent(entry.type, entry.data),
      originallyRecorded: entry.original ? { occurredOn: londonDate(entry.original.occurredAt), what: describeEvent(entry.type, entry.original.data) } : null,
      sourceSystem: entry.source?.system ?? null,
      sourceReference: entry.source?.reference ?? null,
      recordedBy: entry.recordedBy ?? null,
      recordedAt: entry.recordedAt,
      area: entry.area,
      corrections: (entry.corrections ?? []).map((correction) => ({
        recordedAt: correction.recordedAt,
        recordedBy: correction.recordedBy ?? null,
        reason: correction.reason,
        what: describeEvent(entry.type, correction.data as Record<string, unknown>),
        retracted: correction.retracted === true,
      })),
      retraction: entry.retraction
        ? { recordedAt: entry.retraction.recordedAt, recordedBy: entry.retraction.recordedBy ?? null, reason: entry.retraction.reason }
        : null,
      knownAt: endsOfDay.map(({ date, end }) => ({ date, state: knownAtState(entry, end) })),
    }),
  );
  return { personId: timeline.personId, from: options.from ?? null, to: options.to ?? null, knownAt, entries };
}
