import type { NewEvent, StoredEvent } from '@ledger/domain/envelope';
import { normaliseInstant } from '@ledger/domain/time/instant';
import { canonicalJson } from './hashing/canonical-json';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The one spelling of each envelope field that the store keeps and hashes: lower-case UUIDs
 * (PostgreSQL returns them so), instants as ISO-8601 UTC with milliseconds (microseconds when
 * they have any), plain dates as given.
 * Without it the same event sent twice with a differently written instant would look different.
 */
export function normaliseForStore(event: NewEvent): NewEvent {
  const normalised: NewEvent = {
    ...event,
    eventId: event.eventId.toLowerCase(),
    occurredAt: normaliseInstantOrDate(event.occurredAt),
  };
  if (event.recordedAt !== undefined) normalised.recordedAt = normaliseInstant(event.recordedAt);
  return normalised;
}

export function normaliseInstantOrDate(value: string): string {
  return DATE_ONLY.test(value) ? value : normaliseInstant(value);
}

/**
 * Idempotency: is this the same event again? Compares what the writer said, not what the
 * ledger added (position, version, hashes), and recordedAt only when the writer supplied it.
 */
export function sameContent(incoming: NewEvent, stored: Pick<StoredEvent, keyof NewEvent & keyof StoredEvent>): boolean {
  const pick = (event: Partial<NewEvent>, withRecordedAt: boolean) =>
    canonicalJson({
      type: event.type,
      personId: event.personId,
      occurredAt: event.occurredAt,
      area: event.area,
      source: event.source ?? null,
      recordedBy: event.recordedBy ?? null,
      data: event.data,
      recordedAt: withRecordedAt ? event.recordedAt : undefined,
    });
  const withRecordedAt = incoming.recordedAt !== undefined;
  return pick(incoming, withRecordedAt) === pick(stored as Partial<NewEvent>, withRecordedAt);
}
