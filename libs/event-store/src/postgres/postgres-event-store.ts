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
  RecordingContext,
  RecordingContextRequest,
  StreamHead,
  SubscribeOptions,
  Subscription,
  WrongExpectedVersionError,
} from '../event-store.port';
import { eventHash } from '../hashing/event-hash';
import { sameContent, normaliseForStore } from '../event-content';
import { isoInstantSql } from './instant-sql';
import { PollingSubscription } from '../polling-subscription';
import { copyRows } from './copy-rows';
import { GroupQueue } from './group-queue';

/** One advisory lock serialises the choice of positions (see event-store.migrations.ts). */
export const APPEND_LOCK = 7_316_002;
/** NOTIFY channel: wakes subscribers after a commit instead of making them poll hard. */
export const APPEND_CHANNEL = 'ledger_events_appended';

/**
 * From this many events a planned group goes by COPY (appendStaged), below it as array
 * parameters in one statement: COPY costs three more round trips, and parses much faster.
 */
const STAGED_APPEND_MIN_EVENTS = 100;

/** Bounds on one group commit: enough to share a commit among many writers, small enough to stay quick. */
const MAX_GROUP_APPENDS = 64;
const MAX_GROUP_EVENTS = 5000;

interface PendingAppend {
  events: NewEvent[];
  /** The caller's view of the streams' heads (AppendOptions.expectedHeads), if it gave one. */
  heads?: ReadonlyMap<string, StreamHead>;
  onWriting?: () => void;
  resolve: (results: AppendResult[]) => void;
  reject: (error: unknown) => void;
}

interface PendingRead {
  request: RecordingContextRequest;
  resolve: (context: RecordingContext) => void;
  reject: (error: unknown) => void;
}

/** A planned group being written: its events as they will be stored, and when that is over. */
interface WriteInFlight {
  events: readonly StoredEvent[];
  /** Settles (never rejects) once the group committed or failed. */
  over: Promise<void>;
  /** Known committed (it may have been written after a read's snapshot: still shown). */
  committed: boolean;
}

/** The next appends to commit as one: in arrival order, within the group commit's bounds. */
function takeAppendGroup(waiting: PendingAppend[]): PendingAppend[] {
  let events = 0;
  const group: PendingAppend[] = [];
  while (waiting.length > 0 && group.length < MAX_GROUP_APPENDS && (group.length === 0 || events + waiting[0].events.length <= MAX_GROUP_EVENTS)) {
    const next = waiting.shift()!;
    events += next.events.length;
    group.push(next);
  }
  return group;
}

/** Bound on one shared rule-context read: an import's batch (1,000 people and ids) goes alone. */
const MAX_READ_GROUP_KEYS = 2000;

/**
 * The next rule-context reads to run as one: the first waiting, and every later one asking for
 * the same event types, in arrival order, while the people and ids asked for stay within bounds.
 */
function takeReadGroup(waiting: PendingRead[]): PendingRead[] {
  const size = (pending: PendingRead) => pending.request.personIds.length + pending.request.eventIds.length;
  const first = waiting.shift()!;
  const types = JSON.stringify(first.request.types);
  const group = [first];
  let keys = size(first);
  for (let index = 0; index < waiting.length; ) {
    const next = waiting[index];
    if (JSON.stringify(next.request.types) === types && keys + size(next) <= MAX_READ_GROUP_KEYS) {
      group.push(...waiting.splice(index, 1));
      keys += size(next);
    } else index++;
  }
  return group;
}

/** One request's answer out of a shared read: its people's heads and streams, the events it named. */
function partOfContext(shared: RecordingContext, request: RecordingContextRequest): RecordingContext {
  const personIds = [...new Set(request.personIds)];
  const wanted = new Set(request.eventIds.map((id) => id.toLowerCase()));
  return {
    heads: new Map(personIds.map((personId) => [personId, shared.heads.get(personId)!])),
    streams: new Map(personIds.map((personId) => [personId, [...shared.streams.get(personId)!]])),
    events: shared.events.filter((event) => wanted.has(event.eventId)),
  };
}

/**
 * A committed context with the events of groups still being written laid over it, where they
 * continue what the context saw (a stream's next versions, requested ids not found), and
 * `provisional` set to when those groups are over. A group the read already saw committed adds
 * nothing (its versions are not above the heads read).
 */
function withWritesInFlight(context: RecordingContext, request: RecordingContextRequest, writes: readonly WriteInFlight[]): RecordingContext {
  const types = new Set(request.types);
  const wanted = new Set(request.eventIds.map((id) => id.toLowerCase()));
  const found = new Set(context.events.map((event) => event.eventId));
  const shown: Array<Promise<void>> = [];
  for (const write of writes) {
    let used = false;
    for (const event of write.events) {
      const head = context.heads.get(event.personId);
      if (head && event.version === head.version + 1 && event.previousHash === head.hash) {
        context.heads.set(event.personId, { version: event.version, hash: event.hash });
        if (types.has(event.type)) context.streams.get(event.personId)!.push(event);
        used = true;
      }
      if (wanted.has(event.eventId) && !found.has(event.eventId)) {
        context.events.push(event);
        found.add(event.eventId);
        used = true;
      }
    }
    if (used) shown.push(write.over);
  }
  if (shown.length > 0) context.provisional = Promise.all(shown).then(() => undefined);
  return context;
}

/** An event's columns after `position`, in the order of eventValues. */
const VALUE_COLUMNS = `event_id, person_id, version, type, occurred_at, recorded_at, area, source, recorded_by, data, hash, previous_hash`;
const COLUMNS = `position, ${VALUE_COLUMNS}`;
/** COLUMNS as read: recorded_at comes as the ISO-8601 text the envelope carries (see isoInstantSql). */
const READ_COLUMNS = COLUMNS.replace('recorded_at', `${isoInstantSql('recorded_at')} AS recorded_at`);

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

  /**
   * Group commit: appends that arrive while another is being written wait and then go together,
   * in arrival order, in one transaction under one take of the append lock and one commit. Each
   * is planned separately, so one failing (a version conflict, say) fails alone. Concurrent
   * writers then share the lock, the round trips and the fsync instead of queueing for them.
   */
  private readonly appends = new GroupQueue<PendingAppend>(takeAppendGroup, (group) => this.commitGroup(group));
  /** Rule-context reads share one query the same way (see readForRecording). */
  private readonly reads = new GroupQueue<PendingRead>(takeReadGroup, (group) => this.readGroup(group));
  /** Planned groups being written (at most one at a time): rule-context reads show their events (see withWritesInFlight). */
  private readonly writesInFlight = new Set<WriteInFlight>();

  /**
   * Over a pool the caller owns, unless `release` is given: then the store owns its database
   * (events in a PostgreSQL of their own, EVENTSTORE_URL=postgres://) and closing it releases it.
   */
  constructor(
    private readonly pool: Pool,
    private readonly clock: () => Date = () => new Date(),
    private readonly release: () => Promise<void> = async () => undefined,
  ) {}

  async append(events: NewEvent[], options: AppendOptions = {}): Promise<AppendResult[]> {
    if (events.length === 0) return [];
    const incoming = events.map(normaliseForStore);
    if (options.beforeCommit) return this.appendAlone(incoming, options.beforeCommit);
    return new Promise((resolve, reject) => {
      this.appends.push({ events: incoming, heads: options.expectedHeads, onWriting: options.onWriting, resolve, reject });
    });
  }

  private async commitGroup(group: PendingAppend[]): Promise<void> {
    let client: PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      for (const pending of group) pending.reject(error);
      return;
    }
    let outcomes: AppendOutcome[] | null;
    try {
      outcomes = await this.appendPlanned(client, group);
      if (!outcomes) {
        // Everything below runs under the append lock: duplicate checks, versions and positions
        // cannot race with another writer, and positions become visible in commit order.
        await client.query(`BEGIN; SELECT pg_advisory_xact_lock(${APPEND_LOCK})`);
        outcomes = await this.appendLocked(client, group.map((pending) => pending.events), this.clock());
        await client.query(`${notifySql(outcomes)}COMMIT`);
      }
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      for (const pending of group) pending.reject(error);
      return;
    } finally {
      client.release();
    }
    group.forEach((pending, index) => {
      const outcome = outcomes![index];
      if ('results' in outcome) pending.resolve(outcome.results);
      else pending.reject(outcome.error);
    });
  }

  /**
   * The fast path, one round trip: when every append of the group came with the heads of its
   * streams (recording reads them anyway), the group is planned and hashed here, before any lock,
   * and `ledger_append_planned` takes the append lock, checks that no stream moved and no event
   * is stored yet, picks the positions and writes, all in one statement whose commit releases
   * the lock (so the commit-order guarantee holds as on the slow path). A large group (an
   * import's batch) comes by COPY instead, to `ledger_append_staged`. Null when the group needs
   * the slow path: a head not given, a plan refused here (a version or recordedAt problem, which
   * only the stored state may decide), or a stream that moved meanwhile.
   */
  private async appendPlanned(client: PoolClient, group: PendingAppend[]): Promise<AppendOutcome[] | null> {
    const assumed = new Map<string, StreamHead>();
    for (const pending of group) {
      for (const event of pending.events) {
        const head = pending.heads?.get(event.personId);
        if (!head) return null;
        if (!assumed.has(event.personId)) assumed.set(event.personId, head);
      }
    }
    // Positions are planned from 0 and moved up to the log's head by the database (they are not hashed).
    const { outcomes, written } = planGroup({ position: 0, heads: new Map(assumed), known: new Map() }, group.map((pending) => pending.events), this.clock());
    if (written.length === 0 || outcomes.some((outcome) => 'error' in outcome)) return null;
    const heads = [...assumed];
    const assumedHeads = [heads.map(([personId]) => personId), heads.map(([, head]) => head.version), heads.map(([, head]) => head.hash)];
    // From here until the commit is known, rule-context reads show these events (an import checks
    // its next batch against them meanwhile); the statement below writes them only if every
    // stream is still where it was planned from, so a read that saw them cannot be misled for good.
    let over!: () => void;
    const inFlight: WriteInFlight = { events: written, over: new Promise<void>((resolve) => (over = resolve)), committed: false };
    this.writesInFlight.add(inFlight);
    let base: number | null;
    try {
      for (const pending of group) pending.onWriting?.();
      base = written.length >= STAGED_APPEND_MIN_EVENTS ? await appendStaged(client, assumedHeads, written) : await appendFromArrays(client, assumedHeads, written);
      inFlight.committed = base !== null;
    } finally {
      this.writesInFlight.delete(inFlight);
      over();
    }
    if (base === null) return null;
    return outcomes.map((outcome) =>
      'results' in outcome ? { results: outcome.results.map((result) => ({ ...result, position: result.position + base })) } : outcome,
    );
  }

  /** An append with a test seam before COMMIT runs in a transaction of its own. */
  private async appendAlone(incoming: NewEvent[], beforeCommit: () => Promise<void>): Promise<AppendResult[]> {
    const client = await this.pool.connect();
    try {
      await client.query(`BEGIN; SELECT pg_advisory_xact_lock(${APPEND_LOCK})`);
      const [outcome] = await this.appendLocked(client, [incoming], this.clock());
      if ('error' in outcome) throw outcome.error;
      const results = outcome.results;
      const notify = notifySql([outcome]);
      if (notify) await client.query(notify);
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

  /**
   * Plans every append of a group in memory from one read (the stream heads, the highest
   * position, the events already stored under the same ids), then writes the accepted events and
   * the new heads in one statement. An append that breaks a rule (version, idempotency,
   * recordedAt) is refused alone and leaves no trace in the plan of the others.
   */
  private async appendLocked(client: PoolClient, appends: NewEvent[][], now: Date): Promise<AppendOutcome[]> {
    const all = appends.flat();
    const { rows } = await client.query<{ max: string; heads: Array<{ person_id: string; version: number; hash: string }>; existing: any[] }>(
      `SELECT (SELECT coalesce(max(position), 0) FROM ledger_events) AS max,
              (SELECT coalesce(json_agg(h), '[]') FROM (SELECT person_id, version, hash FROM ledger_stream_heads WHERE person_id = ANY($1)) h) AS heads,
              (SELECT coalesce(json_agg(e), '[]') FROM (SELECT ${READ_COLUMNS} FROM ledger_events WHERE event_id = ANY($2::uuid[])) e) AS existing`,
      [[...new Set(all.map((event) => event.personId))], [...new Set(all.map((event) => event.eventId).filter(isUuid))]],
    );
    const plan: GroupPlan = {
      position: Number(rows[0].max),
      heads: new Map(rows[0].heads.map((row) => [row.person_id, { version: row.version, hash: row.hash }])),
      known: new Map(rows[0].existing.map((row) => [row.event_id, rowToEvent(row)])),
    };
    const { outcomes, written } = planGroup(plan, appends, now);
    if (written.length > 0) await writeEvents(client, written);
    return outcomes;
  }

  async readStream(personId: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    const params: unknown[] = [personId];
    let asOf = '';
    if (options.asOf) {
      params.push(options.asOf);
      asOf = 'AND recorded_at <= $2';
    }
    const { rows } = await this.pool.query(`SELECT ${READ_COLUMNS} FROM ledger_events WHERE person_id = $1 ${asOf}`, params);
    return rows.map(rowToEvent).sort(byVersion);
  }

  async readStreams(personIds: readonly string[], options: ReadStreamOptions = {}): Promise<Map<string, StoredEvent[]>> {
    const streams = new Map<string, StoredEvent[]>(personIds.map((personId) => [personId, []]));
    if (personIds.length === 0) return streams;
    const unique = [...new Set(personIds)];
    const params: unknown[] = [unique.length === 1 ? unique[0] : unique];
    const which = unique.length === 1 ? 'person_id = $1' : 'person_id = ANY($1)';
    const conditions: string[] = [];
    if (options.asOf) conditions.push(`recorded_at <= $${params.push(options.asOf)}`);
    if (options.types) conditions.push(`type = ANY($${params.push([...options.types])})`);
    // The streams are found by person first, always: offered the type as well, the planner may
    // walk every event of those types in the log instead, checking each against the people.
    const text =
      conditions.length === 0
        ? `SELECT ${READ_COLUMNS} FROM ledger_events WHERE ${which}`
        : `WITH streams AS MATERIALIZED (SELECT ${COLUMNS} FROM ledger_events WHERE ${which})
           SELECT ${READ_COLUMNS} FROM streams WHERE ${conditions.join(' AND ')}`;
    // One person's read is prepared once per connection. Several people's is planned afresh each
    // time: a prepared statement switches to a generic plan after five runs, and there the array
    // of people is a parameter PostgreSQL checks each row against one by one, not through a hash
    // (a 7,684-person read of a 3.4M-event log then ran for minutes instead of two seconds).
    const name = unique.length === 1 ? `ledger_read_stream${options.asOf ? '_as_of' : ''}${options.types ? '_typed' : ''}` : undefined;
    const { rows } = await this.pool.query({ name, text, values: params });
    for (const event of rows.map(rowToEvent)) streams.get(event.personId)!.push(event);
    // Put in order here: PostgreSQL would sort the wide rows (3 ms of a 1,000-event stream's 4 ms
    // read) or walk the (person_id, version) index page by page; the rows come nearly in order.
    for (const stream of streams.values()) stream.sort(byVersion);
    return streams;
  }

  async readAll(afterPosition: number, limit: number): Promise<StoredEvent[]> {
    const { rows } = await this.pool.query(
      `SELECT ${READ_COLUMNS} FROM ledger_events WHERE position > $1 ORDER BY position LIMIT $2`,
      [afterPosition, limit],
    );
    return rows.map(rowToEvent);
  }

  async readByTypes(types: readonly string[], options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    const params: unknown[] = [types];
    if (options.asOf) params.push(options.asOf);
    const { rows } = await this.pool.query(
      `SELECT ${READ_COLUMNS} FROM ledger_events WHERE type = ANY($1) ${options.asOf ? 'AND recorded_at <= $2' : ''} ORDER BY position`,
      params,
    );
    return rows.map(rowToEvent);
  }

  async streamsWithTypes(types: readonly string[]): Promise<string[]> {
    const { rows } = await this.pool.query<{ person_id: string }>('SELECT DISTINCT person_id FROM ledger_events WHERE type = ANY($1)', [[...types]]);
    return rows.map((row) => row.person_id);
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
    const { rows } = await client.query(`SELECT ${READ_COLUMNS} FROM ledger_events WHERE event_id = ANY($1::uuid[])`, [ids]);
    return rows.map(rowToEvent);
  }

  /**
   * Rule-context reads that arrive while another is running wait and then go together, in one
   * query, each answered with its own part (the way appends share a commit): under load every
   * append needs one, and on a busy machine sending a query costs more than the rows it brings.
   */
  readForRecording(request: RecordingContextRequest): Promise<RecordingContext> {
    return new Promise((resolve, reject) => {
      this.reads.push({ request, resolve, reject });
    });
  }

  private async readGroup(group: PendingRead[]): Promise<void> {
    // Writes in flight when the read starts may commit before or after its snapshot; either way
    // their events are shown once (see withWritesInFlight), and so are those planned meanwhile.
    const inFlightBefore = [...this.writesInFlight];
    try {
      const context = await this.queryRecordingContext(
        group.flatMap((pending) => pending.request.personIds),
        group[0].request.types,
        group.flatMap((pending) => pending.request.eventIds),
      );
      const writes = [...new Set([...inFlightBefore, ...this.writesInFlight])].filter((write) => write.committed || this.writesInFlight.has(write));
      for (const pending of group) {
        const part = partOfContext(context, pending.request);
        pending.resolve(pending.request.committedOnly || writes.length === 0 ? part : withWritesInFlight(part, pending.request, writes));
      }
    } catch (error) {
      for (const pending of group) pending.reject(error);
    }
  }

  /**
   * One statement: the heads, the typed events of the streams and the events by id, as plain rows
   * told apart by `part` (json_agg would save nothing: PostgreSQL renders JSON slower than rows).
   * The typed events come through the (person_id, type) index (store/005).
   */
  private async queryRecordingContext(requestedPeople: readonly string[], types: readonly string[], eventIds: readonly string[]): Promise<RecordingContext> {
    const personIds = [...new Set(requestedPeople)];
    const { rows } = await this.pool.query({
      // Prepared once per connection: every append asks it.
      name: 'ledger_read_for_recording',
      text: `SELECT 'head' AS part, NULL::bigint AS position, NULL::uuid AS event_id, person_id, version, NULL AS type, NULL AS occurred_at,
                    NULL AS recorded_at, NULL AS area, NULL::jsonb AS source, NULL AS recorded_by, NULL::jsonb AS data, hash, NULL AS previous_hash
               FROM ledger_stream_heads WHERE person_id = ANY($1)
             UNION ALL
             SELECT 'typed', ${READ_COLUMNS} FROM ledger_events WHERE person_id = ANY($1) AND type = ANY($2)
             UNION ALL
             SELECT 'found', ${READ_COLUMNS} FROM ledger_events WHERE event_id = ANY($3::uuid[])`,
      values: [personIds, [...types], [...new Set(eventIds.map((id) => id.toLowerCase()))].filter(isUuid)],
    });
    const heads = new Map<string, StreamHead>(personIds.map((personId) => [personId, { version: 0, hash: null }]));
    const streams = new Map<string, StoredEvent[]>(personIds.map((personId) => [personId, []]));
    const events: StoredEvent[] = [];
    for (const row of rows) {
      if (row.part === 'head') heads.set(row.person_id, { version: row.version, hash: row.hash });
      else if (row.part === 'typed') streams.get(row.person_id)!.push(rowToEvent(row));
      else events.push(rowToEvent(row));
    }
    for (const stream of streams.values()) stream.sort(byVersion);
    return { heads, streams, events };
  }

  async streamVersions(personIds: readonly string[]): Promise<Map<string, number>> {
    const unique = [...new Set(personIds)];
    const { rows } = await this.pool.query<{ person_id: string; version: number }>({
      name: 'ledger_stream_versions',
      text: 'SELECT person_id, version FROM ledger_stream_heads WHERE person_id = ANY($1)',
      values: [unique],
    });
    const versions = new Map(unique.map((personId) => [personId, 0]));
    for (const row of rows) versions.set(row.person_id, row.version);
    return versions;
  }

  async headPosition(): Promise<number> {
    // Named, so each connection plans it once: every read asks it (catchUp).
    const { rows } = await this.pool.query<{ max: string | null }>({ name: 'ledger_head_position', text: 'SELECT max(position) AS max FROM ledger_events' });
    return Number(rows[0].max ?? 0);
  }

  subscribe(afterPosition: number, handler: BatchHandler, options: SubscribeOptions = {}): Subscription {
    return new PollingSubscription(this, afterPosition, handler, options, (wake) => listenForAppends(this.pool, wake));
  }

  async close(): Promise<void> {
    await this.release();
  }
}

interface GroupPlan {
  position: number;
  heads: Map<string, { version: number; hash: string | null }>;
  /** Events stored already or accepted earlier in this group, by id. */
  known: Map<string, StoredEvent>;
}

type AppendOutcome = { results: AppendResult[] } | { error: unknown };

/** Every append of a group planned in turn, each against the state the ones before it left. */
function planGroup(plan: GroupPlan, appends: NewEvent[][], now: Date): { outcomes: AppendOutcome[]; written: StoredEvent[] } {
  const written: StoredEvent[] = [];
  const outcomes = appends.map((events): AppendOutcome => {
    try {
      const { results, fresh, next } = planAppend(plan, events, now);
      Object.assign(plan, next);
      written.push(...fresh);
      return { results };
    } catch (error) {
      return { error };
    }
  });
  return { outcomes, written };
}

/** One append planned against the group's state so far; throws (changing nothing) if refused. */
function planAppend(plan: GroupPlan, incoming: NewEvent[], now: Date): { results: AppendResult[]; fresh: StoredEvent[]; next: GroupPlan } {
  const heads = new Map(plan.heads);
  const known = new Map(plan.known);
  let position = plan.position;
  const results: AppendResult[] = [];
  const fresh: StoredEvent[] = [];
  for (const event of incoming) {
    const stored = known.get(event.eventId);
    if (stored) {
      // Stored before, or the same event twice in one request: a replay of the same content is a no-op.
      if (!sameContent(event, stored)) throw new IdempotencyConflictError(event.eventId);
      results.push({ eventId: stored.eventId, position: stored.position, version: stored.version, duplicate: true });
      continue;
    }
    const head = heads.get(event.personId) ?? { version: 0, hash: null };
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
    known.set(storedEvent.eventId, storedEvent);
    heads.set(event.personId, { version: storedEvent.version, hash: storedEvent.hash });
    results.push({ eventId: storedEvent.eventId, position, version: storedEvent.version, duplicate: false });
  }
  return { results, fresh, next: { position, heads, known } };
}

/** A planned group in one statement, `ledger_append_planned` (store/003). The base position, or null (nothing written) if a stream moved. */
async function appendFromArrays(client: PoolClient, assumedHeads: unknown[][], written: StoredEvent[]): Promise<number | null> {
  const { rows } = await client.query<{ base: string | null }>({
    name: 'ledger_append_planned',
    text: `SELECT ledger_append_planned($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) AS base`,
    values: [APPEND_LOCK, ...assumedHeads, written.map((e) => e.position), ...eventColumns(written)],
  });
  return rows[0].base === null ? null : Number(rows[0].base);
}

/** Connections that have created their staging table (it lives as long as the connection). */
const staging = new WeakSet<PoolClient>();

/**
 * A large planned group (an import's batch): COPY into the session's staging table, then
 * `ledger_append_staged` (store/006) checks and writes under the lock, as ledger_append_planned
 * does from array parameters. The base position, or null (nothing written) if a stream moved.
 */
async function appendStaged(client: PoolClient, assumedHeads: unknown[][], written: StoredEvent[]): Promise<number | null> {
  if (!staging.has(client)) {
    await client.query(`CREATE TEMP TABLE IF NOT EXISTS ledger_append_staging (
      o bigint, event_id uuid, person_id text, version integer, type text, occurred_at text, recorded_at timestamptz,
      area text, source jsonb, recorded_by text, data jsonb, hash text, previous_hash text
    ) ON COMMIT DELETE ROWS`);
    staging.add(client);
  }
  await client.query('BEGIN');
  try {
    await copyRows(
      client,
      `ledger_append_staging (o, ${VALUE_COLUMNS})`,
      written.map((e) => [e.position, ...eventValues(e)]),
    );
    const { rows } = await client.query<{ base: string | null }>({
      name: 'ledger_append_staged',
      text: 'SELECT ledger_append_staged($1, $2, $3, $4) AS base',
      values: [APPEND_LOCK, ...assumedHeads],
    });
    if (rows[0].base === null) {
      await client.query('ROLLBACK');
      return null;
    }
    await client.query('COMMIT');
    return Number(rows[0].base);
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** The events and each touched stream's new head, in one statement. */
async function writeEvents(client: PoolClient, events: StoredEvent[]): Promise<void> {
  const lastOfStream = new Map<string, StoredEvent>();
  for (const event of events) lastOfStream.set(event.personId, event);
  const last = [...lastOfStream.values()];
  await client.query(
    `WITH inserted AS (
       INSERT INTO ledger_events (${COLUMNS})
       SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::text[], $4::int[], $5::text[], $6::text[], $7::timestamptz[],
                            $8::text[], $9::jsonb[], $10::text[], $11::jsonb[], $12::text[], $13::text[])
       RETURNING 1
     )
     INSERT INTO ledger_stream_heads (person_id, version, hash, position)
     SELECT * FROM unnest($14::text[], $15::int[], $16::text[], $17::bigint[])
     ON CONFLICT (person_id) DO UPDATE SET version = EXCLUDED.version, hash = EXCLUDED.hash, position = EXCLUDED.position`,
    [
      events.map((e) => e.position),
      ...eventColumns(events),
      last.map((e) => e.personId),
      last.map((e) => e.version),
      last.map((e) => e.hash),
      last.map((e) => e.position),
    ],
  );
}

/** VALUE_COLUMNS of several events, one array per column (the array parameters of the appends). */
function eventColumns(events: StoredEvent[]): unknown[][] {
  const rows = events.map(eventValues);
  return VALUE_COLUMNS.split(',').map((_, column) => rows.map((row) => row[column]));
}

/** One event's values for VALUE_COLUMNS, as PostgreSQL takes them. */
function eventValues(e: StoredEvent): Array<string | number | null> {
  return [
    e.eventId, e.personId, e.version, e.type, e.occurredAt, e.recordedAt, e.area,
    e.source === undefined ? null : JSON.stringify(e.source), e.recordedBy ?? null, JSON.stringify(e.data), e.hash, e.previousHash,
  ];
}

/** The NOTIFY that wakes subscribers, prefixed to COMMIT; empty when nothing new was written. */
function notifySql(outcomes: AppendOutcome[]): string {
  const positions = outcomes.flatMap((outcome) => ('results' in outcome ? outcome.results.filter((r) => !r.duplicate).map((r) => r.position) : []));
  return positions.length > 0 ? `SELECT pg_notify('${APPEND_CHANNEL}', '${Math.max(...positions)}'); ` : '';
}

const byVersion = (a: StoredEvent, b: StoredEvent) => a.version - b.version;

/** Maps a `ledger_events` row to the envelope every reader sees. */
export function rowToEvent(row: any): StoredEvent {
  const event: StoredEvent = {
    position: Number(row.position),
    version: row.version,
    eventId: row.event_id,
    type: row.type,
    personId: row.person_id,
    occurredAt: row.occurred_at,
    // Every read selects READ_COLUMNS: ISO text already (also inside json_agg).
    recordedAt: row.recorded_at,
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
