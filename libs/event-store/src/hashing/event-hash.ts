import { createHash } from 'node:crypto';
import type { StoredEvent } from '@ledger/domain/envelope';
import { canonicalJson } from './canonical-json';

/** The fields a hash covers: the whole envelope as stored, minus the store-local position. */
export type HashedFields = Omit<StoredEvent, 'position' | 'hash'>;

/**
 * SHA-256 over the canonical envelope, chained to the previous event of the same stream.
 * `position` is left out on purpose: an export imported into another store gets new
 * positions but must keep every hash.
 */
export function eventHash(event: HashedFields): string {
  const covered = {
    eventId: event.eventId,
    type: event.type,
    personId: event.personId,
    version: event.version,
    occurredAt: event.occurredAt,
    recordedAt: event.recordedAt,
    area: event.area,
    source: event.source ?? null,
    recordedBy: event.recordedBy ?? null,
    data: event.data,
    previousHash: event.previousHash,
  };
  return createHash('sha256').update(canonicalJson(covered)).digest('hex');
}
