import type { Pool, PoolClient } from 'pg';
import type { NewEvent, StoredEvent } from '@ledger/domain/envelope';
import {
  AppendOptions,
  AppendResult,
  BatchHandler,
  EventStore,
  IdempotencyConflictError,
  ReadStreamOptions,
  RecordedAtInFutureError,
  SubscribeOptions,
  Subscription,
  WrongExpectedVersionError,
} from '../event-store.port';
import { eventHash } from '../hashing/event-hash';
import { sameContent, normaliseForStore } from '../event-content';
import { PollingSubscription } from '../polling-subscription';

/** One advisory lock serialises the choice of positions (see event-store.migrations.ts). */
export const APPEND_LOCK = 7_316_002;
/** NOTIFY channel: wakes subscribers after a commit instead of making them poll hard. */
export const APPEND_CHANNEL = 'ledger_events_appended';

/** Bounds on one group commit: enough to share a commit among many writers, small enough to stay quick. */
const MAX_GROUP_APPENDS = 64;
const MAX_GROUP_EVENTS = 5000;

interface PendingAppend {
  events: NewEvent[];
  resolve: (results: AppendResult[]) => void;
  reject: (error: unknown) => void;
}

const COLUMNS = `position, event_id, person_id, version, type, occurred_at, recorded_at, area, source, recorded_by, data, hash, previous_hash`;

export class PostgresEventStore implements EventStore {
  readonly kind = 'postgres' as const;

  readonly integrity = {
    gaplessPositions: true,
    streamHeads: async () => {
      const { rows } = await this.pool.query<{ person_id: string; version: number; hash: string }>(
        'SELECT person_id, version, hash FROM ledger_stream_heads',
      );
      return rows.map((row) => ({ personId: row.person_id, version: row.version, hash: row.hash }));
    },
  };

  private readonly pending: PendingAppend[] = [];
  private writing = false;

  constructor(private readonly pool: Pool, private readonly clock: () => Date = () => new Date()) {}

  async append(events: NewEvent[], options: AppendOptions = {}): Promise<AppendResult[]> {
    if (events.length === 0) return [];
    const incoming = events.map(normaliseForStore);
    if (options.beforeCommit) return this.appendAlone(incoming, options.beforeCommit);
    return new Promise((resolve, reject) => {
      this.pending.push({ events: incoming, resolve, reject });
      void this.drain();
    });
  }

  /**
   * Group commit: appends that arrive while another is being written wait and then go together,
   * in arrival order, in one transaction under one take of the append lock and one commit, each
   * inside its own savepoint, so one failing (a version conflict, say) fails alone. Concurrent
   * writers then share the lock-and-fsync cost instead of queueing for it one by one.
   */
  private async drain(): Promise<void> {
    if (this.writing) return;
    this.writing = true;
    try {
      while (this.pending.length > 0) {
        let events = 0;
        const group: PendingAppend[] = [];
        while (this.pending.length > 0 && group.length < MAX_GROUP_APPENDS && (group.length === 0 || events + this.pending[0].events.length <= MAX_GROUP_EVENTS)) {
          const next = this.pending.shift()!;
          events += next.events.length;
          group.push(next);
        }
        await this.commitGroup(group);
      }
    } finally {
      this.writing = false;
    }
  }

  private async commitGroup(group: PendingAppend[]): Promise<void> {
    const outcomes: Array<{ results: AppendResult[] } | { error: unknown }> = [];
    let client: PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      for (const pending of group) pending.reject(error);
      return;
    }
    const isolated = group.length > 1;
    try {
      await client.query('BEGIN');
      // Everything below runs under the append lock: duplicate checks, versions and positions
      // cannot race with another writer, and positions become visible in commit order.
      await client.query('SELECT pg_advisory_xact_lock($1)', [APPEND_LOCK]);
      const now = this.clock();
      for (const pending of group) {
        if (isolated) await client.query('SAVEPOINT ledger_append');
        try {
          outcomes.push({ results: await this.appendLocked(client, pending.events, now) });
          if (isolated) await client.query('RELEASE SAVEPOINT ledger_append');
        } catch (error) {
          if (!isolated) throw error;
          await client.query('ROLLBACK TO SAVEPOINT ledger_append');
          outcomes.push({ error });
        }
      }
      const written = outcomes.flatMap((outcome) => ('results' in outcome ? outcome.results.filter((result) => !result.duplicate) : []));
      if (written.length > 0) await client.query('SELECT pg_notify($1, $2)', [APPEND_CHANNEL, String(Math.max(...written.map((r) => r.position)))]);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      for (const pending of group) pending.reject(error);
      return;
    } finally {
      client.release();
    }
    group.forEach((pending, index) => {
      const outcome = outcomes[index];
      if ('results' in outcome) pending.resolve(outcome.results);
      else pending.reject(outcome.error);
    });
  }

  /** An append with a test seam before COMMIT runs in a transaction of its own. */
  private async appendAlone(incoming: NewEvent[], beforeCommit: () => Promise<void>): Promise<AppendResult[]> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [APPEND_LOCK]);
      const results = await this.appendLocked(client, incoming, this.clock());
      if (results.some((result) => !result.duplicate)) {
        await client.query('SELECT pg_notify($1, $2)', [APPEND_CHANNEL, String(Math.max(...results.map((r) => r.position)))]);
      }
      await beforeCommit();
      await client.query('COMMIT');
      return results;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private async appendLocked(client: PoolClient, incoming: NewEvent[], now: Date): Promise<AppendResult[]> {
    const existing = await this.readEventsWith(client, incoming.map((event) => event.eventId));
    const existingById = new Map(existing.map((event) => [event.eventId, event]));

    const personIds = [...new Set(incoming.map((event) => event.personId))];
    const heads = new Map<string, { version: number; hash: string | null }>();
    const { rows: headRows } = await client.query<{ person_id: string; version: number; hash: string }>(
      'SELECT person_id, version, hash FROM ledger_stream_heads WHERE person_id = ANY($1)',
      [personIds],
    );
    for (const id of personIds) heads.set(id, { version: 0, hash: null });
    for (const row of headRows) heads.set(row.person_id, { version: row.version, hash: row.hash });

    const { rows: maxRows } = await client.query<{ max: string | null }>('SELECT max(position) AS max FROM ledger_events');
    let position = Number(maxRows[0].max ?? 0);

    const results: AppendResult[] = [];
    const fresh: StoredEvent[] = [];
    const seenInBatch = new Map<string, NewEvent>();
    for (const event of incoming) {
      const stored = existingById.get(event.eventId);
      if (stored) {
        if (!sameContent(event, stored)) throw new IdempotencyConflictError(event.eventId);
        results.push({ eventId: stored.eventId, position: stored.position, version: stored.version, duplicate: true });
        continue;
      }
      const twin = seenInBatch.get(event.eventId);
      if (twin) {
        // The same event twice in one request: the second is a no-op like any other replay.
        if (!sameContent(event, twin as StoredEvent)) throw new IdempotencyConflictError(event.eventId);
        const first = results.find((result) => result.eventId === event.eventId)!;
        results.push({ ...first, duplicate: true });
        continue;
      }
      seenInBatch.set(event.eventId, event);

      const head = heads.get(event.personId)!;
      if (event.expectedVersion !== undefined && event.expectedVersion !== head.version) {
        throw new WrongExpectedVersionError(event.personId, event.expectedVersion, head.version);
      }
      const recordedAt = event.recordedAt ?? now.toISOString();
      if (Date.parse(recordedAt) > now.getTime()) throw new RecordedAtInFutureError(event.eventId, recordedAt);

      position += 1;
      const withoutHash = {
        position,
        version: head.version + 1,
        eventId: event.eventId,
        type: event.type,
        personId: event.personId,
        occurredAt: event.occurredAt,
        recordedAt,
        area: event.area,
        source: event.source,
        recordedBy: event.recordedBy,
        data: event.data,
        previousHash: head.hash,
      };
      const storedEvent: StoredEvent = { ...withoutHash, hash: eventHash(withoutHash) };
      fresh.push(storedEvent);
      heads.set(event.personId, { version: storedEvent.version, hash: storedEvent.hash });
      results.push({ eventId: storedEvent.eventId, position, version: storedEvent.version, duplicate: false });
    }

    if (fresh.length > 0) {
      await insertEvents(client, fresh);
      const lastOfStream = new Map<string, StoredEvent>();
      for (const event of fresh) lastOfStream.set(event.personId, event);
      const last = [...lastOfStream.values()];
      await client.query(
        `INSERT INTO ledger_stream_heads (person_id, version, hash, position)
         SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::bigint[])
         ON CONFLICT (person_id) DO UPDATE SET version = EXCLUDED.version, hash = EXCLUDED.hash, position = EXCLUDED.position`,
        [last.map((e) => e.personId), last.map((e) => e.version), last.map((e) => e.hash), last.map((e) => e.position)],
      );
    }
    return results;
  }

  async readStream(personId: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    const params: unknown[] = [personId];
    let asOf = '';
    if (options.asOf) {
      params.push(options.asOf);
      asOf = 'AND recorded_at <= $2';
    }
    const { rows } = await this.pool.query(`SELECT ${COLUMNS} FROM ledger_events WHERE person_id = $1 ${asOf} ORDER BY version`, params);
    return rows.map(rowToEvent);
  }

  async readStreams(personIds: readonly string[], options: ReadStreamOptions = {}): Promise<Map<string, StoredEvent[]>> {
    const streams = new Map<string, StoredEvent[]>(personIds.map((personId) => [personId, []]));
    if (personIds.length === 0) return streams;
    const params: unknown[] = [[...new Set(personIds)]];
    if (options.asOf) params.push(options.asOf);
    const { rows } = await this.pool.query(
      `SELECT ${COLUMNS} FROM ledger_events WHERE person_id = ANY($1) ${options.asOf ? 'AND recorded_at <= $2' : ''} ORDER BY person_id, version`,
      params,
    );
    for (const event of rows.map(rowToEvent)) streams.get(event.personId)!.push(event);
    return streams;
  }

  async readAll(afterPosition: number, limit: number): Promise<StoredEvent[]> {
    const { rows } = await this.pool.query(
      `SELECT ${COLUMNS} FROM ledger_events WHERE position > $1 ORDER BY position LIMIT $2`,
      [afterPosition, limit],
    );
    return rows.map(rowToEvent);
  }

  async readByTypes(types: readonly string[], options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    const params: unknown[] = [types];
    if (options.asOf) params.push(options.asOf);
    const { rows } = await this.pool.query(
      `SELECT ${COLUMNS} FROM ledger_events WHERE type = ANY($1) ${options.asOf ? 'AND recorded_at <= $2' : ''} ORDER BY position`,
      params,
    );
    return rows.map(rowToEvent);
  }

  async readEvents(eventIds: string[]): Promise<StoredEvent[]> {
    const client = await this.pool.connect();
    try {
      return await this.readEventsWith(client, eventIds);
    } finally {
      client.release();
    }
  }

  private async readEventsWith(client: PoolClient, eventIds: string[]): Promise<StoredEvent[]> {
    const ids = [...new Set(eventIds)].filter(isUuid);
    if (ids.length === 0) return [];
    const { rows } = await client.query(`SELECT ${COLUMNS} FROM ledger_events WHERE event_id = ANY($1::uuid[])`, [ids]);
    return rows.map(rowToEvent);
  }

  async headPosition(): Promise<number> {
    const { rows } = await this.pool.query<{ max: string | null }>('SELECT max(position) AS max FROM ledger_events');
    return Number(rows[0].max ?? 0);
  }

  subscribe(afterPosition: number, handler: BatchHandler, options: SubscribeOptions = {}): Subscription {
    return new PollingSubscription(this, afterPosition, handler, options, (wake) => listenForAppends(this.pool, wake));
  }

  async close(): Promise<void> {
    // The pool belongs to whoever opened the database; nothing of the store's own to release.
  }
}

async function insertEvents(client: PoolClient, events: StoredEvent[]): Promise<void> {
  await client.query(
    `INSERT INTO ledger_events (${COLUMNS})
     SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::text[], $4::int[], $5::text[], $6::text[], $7::timestamptz[],
                          $8::text[], $9::jsonb[], $10::text[], $11::jsonb[], $12::text[], $13::text[])`,
    [
      events.map((e) => e.position),
      events.map((e) => e.eventId),
      events.map((e) => e.personId),
      events.map((e) => e.version),
      events.map((e) => e.type),
      events.map((e) => e.occurredAt),
      events.map((e) => e.recordedAt),
      events.map((e) => e.area),
      events.map((e) => (e.source === undefined ? null : JSON.stringify(e.source))),
      events.map((e) => e.recordedBy ?? null),
      events.map((e) => JSON.stringify(e.data)),
      events.map((e) => e.hash),
      events.map((e) => e.previousHash),
    ],
  );
}

/** Maps a `ledger_events` row to the envelope every reader sees. */
export function rowToEvent(row: any): StoredEvent {
  const event: StoredEvent = {
    position: Number(row.position),
    version: row.version,
    eventId: row.event_id,
    type: row.type,
    personId: row.person_id,
    occurredAt: row.occurred_at,
    recordedAt: (row.recorded_at as Date).toISOString(),
    area: row.area,
    data: row.data,
    hash: row.hash,
    previousHash: row.previous_hash ?? null,
  };
  if (row.source !== null && row.source !== undefined) event.source = row.source;
  if (row.recorded_by !== null && row.recorded_by !== undefined) event.recordedBy = row.recorded_by;
  return event;
}

async function listenForAppends(pool: Pool, wake: () => void): Promise<() => Promise<void>> {
  const client = await pool.connect();
  const onNotification = (message: { channel: string }) => {
    if (message.channel === APPEND_CHANNEL) wake();
  };
  client.on('notification', onNotification);
  // A dropped LISTEN connection only costs wake-ups (polling continues); it must not crash the process.
  client.on('error', () => undefined);
  await client.query(`LISTEN ${APPEND_CHANNEL}`);
  return async () => {
    client.off('notification', onNotification);
    await client.query(`UNLISTEN ${APPEND_CHANNEL}`).catch(() => undefined);
    client.release();
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
function isUuid(value: string): boolean {
  return UUID.test(value);
}
