/**
 * What the stream rules need to know about the events recorded so far (the stored streams, then
 * the incoming batch event by event): each event by id, each person's stream in recording order,
 * which events were retracted and how they read once corrected.
 */
import type { NewEvent, StoredEvent } from '../envelope';
import { londonDate } from '../time/london';

export interface RecordedEvent {
  eventId: string;
  type: string;
  personId: string;
  occurredAt: string;
  data: Record<string, unknown>;
  /** True for an event already in the store, false for one earlier in the incoming batch. */
  stored: boolean;
  /** Recording order: breaks ties between events on the same date. */
  sequence: number;
}

/** An event as every measure reads it: with its latest correction applied, on its London date. */
export interface EffectiveEvent {
  eventId: string;
  type: string;
  data: Record<string, unknown>;
  date: string;
  sequence: number;
}

export const CORRECTION_TYPES: readonly string[] = ['record.corrected', 'record.retracted'];

export class StreamHistory {
  private readonly events = new Map<string, RecordedEvent>();
  private readonly streams = new Map<string, RecordedEvent[]>();
  private readonly retractions = new Map<string, RecordedEvent>();
  private readonly latestCorrections = new Map<string, RecordedEvent>();

  constructor(stored: StoredEvent[]) {
    // Each stream in version order (its recording order). Not by position: the events of an
    // append still being written carry provisional positions (RecordingContext.provisional), and
    // only the order within a stream matters here.
    [...stored].sort((a, b) => a.version - b.version).forEach((event) => this.record(event, true));
  }

  record(event: NewEvent | StoredEvent, stored: boolean): void {
    const recorded: RecordedEvent = {
      eventId: event.eventId,
      type: event.type,
      personId: event.personId,
      occurredAt: event.occurredAt,
      data: event.data,
      stored,
      sequence: this.events.size,
    };
    this.events.set(recorded.eventId, recorded);
    this.streams.set(recorded.personId, [...this.stream(recorded.personId), recorded]);
    const target = typeof event.data.targetEventId === 'string' ? event.data.targetEventId : undefined;
    if (target && event.type === 'record.retracted') this.retractions.set(target, recorded);
    if (target && event.type === 'record.corrected') this.latestCorrections.set(target, recorded);
  }

  has(eventId: string): boolean {
    return this.events.has(eventId);
  }

  find(eventId: string): RecordedEvent | undefined {
    return this.events.get(eventId);
  }

  retractionOf(eventId: string): RecordedEvent | undefined {
    return this.retractions.get(eventId);
  }

  /** Everything recorded for the person, corrections and retracted events included. */
  stream(personId: string): RecordedEvent[] {
    return this.streams.get(personId) ?? [];
  }

  /** The person's events as measures see them: retracted ones left out, corrections applied. */
  effectiveStream(personId: string): EffectiveEvent[] {
    return this.stream(personId)
      .filter((event) => !CORRECTION_TYPES.includes(event.type) && !this.retractions.has(event.eventId))
      .map((event) => {
        const correction = this.latestCorrections.get(event.eventId)?.data;
        const occurredAt = typeof correction?.occurredAt === 'string' ? correction.occurredAt : event.occurredAt;
        const data = (correction?.data as Record<string, unknown> | undefined) ?? event.data;
        return { eventId: event.eventId, type: event.type, data, date: londonDate(occurredAt), sequence: event.sequence };
      });
  }
}
