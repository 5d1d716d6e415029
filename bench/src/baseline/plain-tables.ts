import type { NewEvent } from '@ledger/domain/envelope';

/**
 * The baselines write the same events into plain tables: the envelope's columns, no keys, no
 * indexes, no triggers, no hashes. What a raw write costs on this PostgreSQL, nothing more.
 */
export const PLAIN_COLUMNS = 'event_id, person_id, type, occurred_at, recorded_at, area, source, recorded_by, data';

export function createPlainTableSql(table: string): string {
  return `CREATE TABLE ${table} (
    event_id uuid, person_id text, type text, occurred_at text, recorded_at timestamptz,
    area text, source jsonb, recorded_by text, data jsonb
  )`;
}

/** An event's values in PLAIN_COLUMNS order (null where absent; recordedAt: now). */
export function plainValues(event: NewEvent): Array<string | null> {
  return [
    event.eventId,
    event.personId,
    event.type,
    event.occurredAt,
    event.recordedAt ?? new Date().toISOString(),
    event.area,
    event.source === undefined ? null : JSON.stringify(event.source),
    event.recordedBy ?? null,
    JSON.stringify(event.data),
  ];
}
