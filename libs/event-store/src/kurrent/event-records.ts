import { jsonEvent, type EventData, type RecordedEvent } from '@kurrent/kurrentdb-client';
import type { StoredEvent } from '@ledger/domain/envelope';
import type { StreamNames } from './stream-names';

/** A ledger event ready to write: everything but the position, which KurrentDB assigns. */
export type UnpositionedEvent = Omit<StoredEvent, 'position'>;

/**
 * The JSON data of a ledger event's record: the stored envelope minus what the record itself
 * carries (`type` is the record's event type, `position` its place in $all). `version` is kept
 * because the hash covers it; on reading, the stream revision is used instead, so an event slipped
 * into a person stream by hand shows up in `verify` as a broken chain rather than being believed.
 */
type RecordBody = Omit<StoredEvent, 'position' | 'type'>;

/** The record type of an eventId index entry (KurrentDB 26.1 refuses `$>` links in AppendRecords). */
const POINTER_TYPE = 'ledger.event-id';

export function toEventData(event: UnpositionedEvent): EventData {
  const body: RecordBody = {
    eventId: event.eventId,
    personId: event.personId,
    version: event.version,
    occurredAt: event.occurredAt,
    recordedAt: event.recordedAt,
    area: event.area,
    source: event.source,
    recordedBy: event.recordedBy,
    data: event.data,
    hash: event.hash,
    previousHash: event.previousHash,
  };
  // The ledger eventId is the record id too, so KurrentDB's own idempotency (a retried append
  // with the same ids at the same expected revision is a no-op) works for us as well.
  return jsonEvent({ id: event.eventId, type: event.type, data: body });
}

/**
 * The envelope a ledger record holds, or null for anything that is not a ledger event (system
 * events, index entries, records outside person streams).
 */
export function toStoredEvent(recorded: RecordedEvent, names: StreamNames): StoredEvent | null {
  if (!recorded.isJson || recorded.type.startsWith('$') || !names.isPersonStream(recorded.streamId)) return null;
  if (!recorded.position) {
    throw new Error(`KurrentDB returned event ${recorded.id} without its log position: the server predates 22.6, which this adapter requires`);
  }
  const body = recorded.data as unknown as RecordBody;
  const event: StoredEvent = {
    position: Number(recorded.position.commit),
    version: Number(recorded.revision) + 1,
    eventId: body.eventId,
    type: recorded.type,
    personId: body.personId,
    occurredAt: body.occurredAt,
    recordedAt: body.recordedAt,
    area: body.area,
    data: body.data,
    hash: body.hash,
    previousHash: body.previousHash ?? null,
  };
  if (body.source !== null && body.source !== undefined) event.source = body.source;
  if (body.recordedBy !== null && body.recordedBy !== undefined) event.recordedBy = body.recordedBy;
  return event;
}

/** The eventId index entry: where the event with that id sits in its person stream. */
export function eventIdPointer(event: Pick<StoredEvent, 'personId' | 'version'>, names: StreamNames): EventData {
  return jsonEvent({ type: POINTER_TYPE, data: { stream: names.person(event.personId), revision: event.version - 1 } });
}

/** Where an eventId index entry points, or null if the record is not such an entry. */
export function pointerTarget(recorded: RecordedEvent): { stream: string; revision: bigint } | null {
  if (recorded.type !== POINTER_TYPE || !recorded.isJson) return null;
  const { stream, revision } = recorded.data as { stream?: unknown; revision?: unknown };
  return typeof stream === 'string' && Number.isSafeInteger(revision) ? { stream, revision: BigInt(revision as number) } : null;
}
