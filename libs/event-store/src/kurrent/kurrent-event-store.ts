import {
  AppendConsistencyViolationError,
  BACKWARDS,
  END,
  eventTypeFilter,
  KurrentDBClient,
  NO_STREAM,
  START,
  STREAM_STATE,
  StreamNotFoundError,
  UnsupportedError,
  WrongExpectedVersionError as KurrentWrongExpectedVersionError,
  type AppendRecordInput,
  type AppendStreamState,
  type ConsistencyCheck,
  type CurrentStreamState,
  type ReadStreamOptions as KurrentReadStreamOptions,
  type RecordedEvent,
} from '@kurrent/kurrentdb-client';
import type { NewEvent, StoredEvent } from '@ledger/domain/envelope';
import {
  AppendOptions,
  AppendResult,
  BatchHandler,
  EventStore,
  IdempotencyConflictError,
  ReadStreamOptions,
  RecordingContext,
  RecordingContextRequest,
  RecordedAtInFutureError,
  StreamHead,
  SubscribeOptions,
  Subscription,
  WrongExpectedVersionError,
} from '../event-store.port';
import { eventHash } from '../hashing/event-hash';
import { instantMicros } from '@ledger/domain/time/instant';
import { normaliseForStore, sameContent } from '../event-content';
import { PollingSubscription } from '../polling-subscription';
import { AllStreamFeed } from './all-stream-feed';
import { eventIdPointer, pointerTarget, toEventData, toStoredEvent, UnpositionedEvent } from './event-records';
import { StreamNames } from './stream-names';

/** An append that lost a race (another writer moved a stream) is planned again from fresh reads. */
const MAX_APPEND_ATTEMPTS = 10;
/** Parallel single-event reads when looking events up by id. */
const LOOKUP_CONCURRENCY = 32;
const DEFAULT_BATCH_SIZE = 500;
const DEFAULT_RETRY_DELAY_MS = 1000;

export interface KurrentEventStoreOptions {
  /** Prefix for every stream name (see {@link StreamNames}); empty in production. */
  namespace?: string;
  /**
   * The connection that serves readAll, headPosition and subscriptions: in a cluster, one with
   * `nodePreference=follower` keeps projection catch-up off the leader. Appends and the reads an
   * append depends on always use the main client, which should prefer the leader.
   */
  logClient?: KurrentDBClient;
  clock?: () => Date;
}

type Attempt = { appended: AppendResult[] } | { lostRace: Error };

/**
 * The EventStore port over KurrentDB / EventStoreDB (see docs/kurrentdb.md). Same envelopes, same
 * hash chains and same errors as the PostgreSQL adapter; what differs:
 *
 * - Positions are $all commit positions: strictly increasing in log order but not gapless, so
 *   this adapter offers no `integrity` (gaps prove nothing; use ACLs and the hash chains).
 * - A batch spanning several persons is atomic only on KurrentDB 26.1+ (AppendRecords). On older
 *   servers it is written stream by stream (see {@link appendStreamByStream}).
 * - An append is planned from reads, not under a lock: every write states the revision each
 *   stream was read at, and a write that loses a race is planned again from fresh reads.
 */
export class KurrentEventStore implements EventStore {
  readonly kind = 'kurrentdb' as const;

  private readonly names: StreamNames;
  private readonly logClient: KurrentDBClient;
  private readonly clock: () => Date;
  private readonly ownedClients: KurrentDBClient[] = [];
  /** Whether the server offers AppendRecords (KurrentDB 26.1+); learned on the first append. */
  private atomicAppends: boolean | undefined;

  /** Opens its own connections (closed by `close()`); `esdb://` URLs are accepted as `kurrentdb://`. */
  static connect(url: string, options: { logUrl?: string; namespace?: string; clock?: () => Date } = {}): KurrentEventStore {
    const client = KurrentDBClient.connectionString(asKurrentUrl(url));
    const logClient = options.logUrl ? KurrentDBClient.connectionString(asKurrentUrl(options.logUrl)) : client;
    const store = new KurrentEventStore(client, { namespace: options.namespace, clock: options.clock, logClient });
    store.ownedClients.push(...new Set([client, logClient]));
    return store;
  }

  /** Over connections the caller owns and closes. */
  constructor(private readonly client: KurrentDBClient, options: KurrentEventStoreOptions = {}) {
    this.names = new StreamNames(options.namespace);
    this.logClient = options.logClient ?? client;
    this.clock = options.clock ?? (() => new Date());
  }

  async append(events: NewEvent[], options: AppendOptions = {}): Promise<AppendResult[]> {
    if (events.length === 0) return [];
    const incoming = events.map(normaliseForStore);
    // Only the stream-by-stream fallback can leave part of a batch written before losing a race;
    // the retry then finds those events stored, and must not report them as replays.
    const writtenHere = new Set<string>();
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.tryAppend(incoming, options, writtenHere);
      if ('appended' in outcome) return outcome.appended;
      if (attempt === MAX_APPEND_ATTEMPTS) throw outcome.lostRace;
      await delay(Math.random() * 20 * attempt);
    }
  }

  private async tryAppend(incoming: NewEvent[], options: AppendOptions, writtenHere: Set<string>): Promise<Attempt> {
    const now = this.clock();
    const personIds = [...new Set(incoming.map((event) => event.personId))];
    const streams = new Map(await Promise.all(personIds.map(async (id) => [id, await this.readPersonStream(id)] as const)));

    // Replays are found in the person's own stream; the eventId index also finds an id already
    // used for someone else (the same id with another personId is a conflict, not a new event).
    const known = new Map<string, StoredEvent>();
    for (const stream of streams.values()) for (const event of stream) known.set(event.eventId, event);
    const elsewhere = await this.lookUpMany(incoming.map((event) => event.eventId).filter((id) => !known.has(id)));
    for (const event of elsewhere) known.set(event.eventId, event);

    const startVersions = new Map(personIds.map((id) => [id, streams.get(id)!.at(-1)?.version ?? 0]));
    const heads = new Map(personIds.map((id) => [id, { version: startVersions.get(id)!, hash: streams.get(id)!.at(-1)?.hash ?? null }]));

    const planned: Array<Omit<AppendResult, 'position'> & { position?: number }> = [];
    const fresh: UnpositionedEvent[] = [];
    const seenInBatch = new Map<string, NewEvent>();
    for (const event of incoming) {
      const stored = known.get(event.eventId);
      if (stored) {
        if (!sameContent(event, stored)) throw new IdempotencyConflictError(event.eventId);
        planned.push({ eventId: stored.eventId, position: stored.position, version: stored.version, duplicate: !writtenHere.has(stored.eventId) });
        continue;
      }
      const twin = seenInBatch.get(event.eventId);
      if (twin) {
        // The same event twice in one request: the second is a no-op like any other replay.
        if (!sameContent(event, twin as StoredEvent)) throw new IdempotencyConflictError(event.eventId);
        const first = planned.find((result) => result.eventId === event.eventId)!;
        planned.push({ eventId: first.eventId, version: first.version, duplicate: true });
        continue;
      }
      seenInBatch.set(event.eventId, event);

      const head = heads.get(event.personId)!;
      if (event.expectedVersion !== undefined && event.expectedVersion !== head.version) {
        throw new WrongExpectedVersionError(event.personId, event.expectedVersion, head.version);
      }
      const recordedAt = event.recordedAt ?? now.toISOString();
      if (Date.parse(recordedAt) > now.getTime()) throw new RecordedAtInFutureError(event.eventId, recordedAt);

      const withoutHash = {
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
      const ready: UnpositionedEvent = { ...withoutHash, hash: eventHash(withoutHash) };
      fresh.push(ready);
      heads.set(event.personId, { version: ready.version, hash: ready.hash });
      planned.push({ eventId: ready.eventId, version: ready.version, duplicate: false });
    }

    if (fresh.length > 0) {
      if (options.beforeCommit) await options.beforeCommit();
      const lostRace = await this.write(fresh, startVersions, writtenHere);
      if (lostRace) return { lostRace };
    }
    const positions = await this.positionsOf(fresh);
    const appended = planned.map(({ position, ...result }) => ({ ...result, position: position ?? positions.get(result.eventId)! }));
    return { appended };
  }

  /** Writes the planned events, each stream expected at the version it was read at. */
  private async write(fresh: UnpositionedEvent[], startVersions: Map<string, number>, writtenHere: Set<string>): Promise<Error | null> {
    if (this.atomicAppends !== false) {
      try {
        await this.appendAtomically(fresh, startVersions);
        this.atomicAppends = true;
        for (const event of fresh) writtenHere.add(event.eventId);
        return null;
      } catch (error) {
        // The client refuses before sending anything when the server lacks AppendRecords.
        if (!(error instanceof UnsupportedError)) return asLostRace(error, this.names);
        this.atomicAppends = false;
      }
    }
    return this.appendStreamByStream(fresh, startVersions, writtenHere);
  }

  /**
   * KurrentDB 26.1+: one AppendRecords request holds the whole batch in batch order (the global
   * log keeps that exact order across streams) plus its eventId index entries, and commits only if every
   * person stream is still at the version it was read at and every eventId is still unused.
   */
  private async appendAtomically(fresh: UnpositionedEvent[], startVersions: Map<string, number>): Promise<void> {
    const records: AppendRecordInput[] = [
      ...fresh.map((event) => ({ streamName: this.names.person(event.personId), record: toEventData(event) })),
      ...fresh.map((event) => ({ streamName: this.names.eventId(event.eventId), record: eventIdPointer(event, this.names) })),
    ];
    const touched = [...new Set(fresh.map((event) => event.personId))];
    const checks = [
      ...touched.map((personId) => streamAt(this.names.person(personId), expectedRevision(startVersions.get(personId)!))),
      ...fresh.map((event) => streamAt(this.names.eventId(event.eventId), NO_STREAM)),
    ];
    await this.client.appendRecords(records, checks);
  }

  /**
   * Servers before 26.1 have no atomic append across streams in batch order (25.1's AppendSession
   * takes each stream once and groups its records, reordering an interleaved batch). So each run
   * of consecutive events of one person is one atomic append, expected at that stream's version,
   * followed by its eventId index entries; runs go in batch order. Everything that can be refused
   * (versions, duplicates, conflicts, recordedAt) was refused before the first write, so a batch
   * stops half-way only if a concurrent writer moves a stream or the connection fails between
   * runs: the runs already written stay, and the caller's retry of the same batch completes it
   * (they are found again as replays). Documented in docs/kurrentdb.md.
   */
  private async appendStreamByStream(fresh: UnpositionedEvent[], startVersions: Map<string, number>, writtenHere: Set<string>): Promise<Error | null> {
    const versions = new Map(startVersions);
    for (const run of consecutiveRuns(fresh)) {
      const personId = run[0].personId;
      try {
        await this.client.appendToStream(this.names.person(personId), run.map(toEventData), {
          streamState: expectedRevision(versions.get(personId)!),
        });
      } catch (error) {
        return asLostRace(error, this.names);
      }
      versions.set(personId, run[run.length - 1].version);
      for (const event of run) writtenHere.add(event.eventId);
      await Promise.all(run.map((event) => this.indexEventId(event)));
    }
    return null;
  }

  private async indexEventId(event: UnpositionedEvent): Promise<void> {
    try {
      await this.client.appendToStream(this.names.eventId(event.eventId), eventIdPointer(event, this.names), { streamState: NO_STREAM });
    } catch (error) {
      // Another writer used the same id for someone else between our check and this write.
      if (error instanceof KurrentWrongExpectedVersionError) throw new IdempotencyConflictError(event.eventId);
      throw error;
    }
  }

  /** The positions KurrentDB gave the events just written, read back from their streams. */
  private async positionsOf(written: UnpositionedEvent[]): Promise<Map<string, number>> {
    const positions = new Map<string, number>();
    const byPerson = new Map<string, UnpositionedEvent[]>();
    for (const event of written) byPerson.set(event.personId, [...(byPerson.get(event.personId) ?? []), event]);
    await Promise.all(
      [...byPerson].map(async ([personId, events]) => {
        const records = await this.readRecords(this.client, this.names.person(personId), {
          fromRevision: BigInt(events[0].version - 1),
          maxCount: events.length,
        });
        for (const record of records) {
          const stored = toStoredEvent(record, this.names);
          if (stored) positions.set(stored.eventId, stored.position);
        }
      }),
    );
    const missing = written.find((event) => !positions.has(event.eventId));
    if (missing) throw new Error(`event ${missing.eventId} was appended but is not at version ${missing.version} of its stream`);
    return positions;
  }

  /** KurrentDB reads one stream per call: the streams are read side by side. */
  async readStreams(personIds: readonly string[], options: ReadStreamOptions = {}): Promise<Map<string, StoredEvent[]>> {
    const unique = [...new Set(personIds)];
    const streams = await Promise.all(unique.map((personId) => this.readStream(personId, options)));
    return new Map(unique.map((personId, index) => [personId, streams[index]]));
  }

  async readStream(personId: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    const events = await this.readPersonStream(personId);
    const asOf = options.asOf ? instantMicros(options.asOf) : Number.POSITIVE_INFINITY;
    const types = options.types ? new Set(options.types) : null;
    return events.filter((event) => instantMicros(event.recordedAt) <= asOf && (!types || types.has(event.type)));
  }

  /**
   * Reads $all forwards from `afterPosition`. A KurrentDB read from a position includes the event
   * at it, so the event at `afterPosition` itself is dropped. Positions must come from this store
   * (a position between two records is not a valid place to start reading).
   */
  async readAll(afterPosition: number, limit: number): Promise<StoredEvent[]> {
    if (limit <= 0) return [];
    const fromPosition = afterPosition <= 0 ? START : { commit: BigInt(afterPosition), prepare: BigInt(afterPosition) };
    const events: StoredEvent[] = [];
    const read = this.logClient.readAll({ fromPosition, maxCount: limit + 1, filter: this.names.personStreamsFilter() });
    for await (const resolved of read) {
      const event = resolved.event ? toStoredEvent(resolved.event, this.names) : null;
      if (!event || event.position <= afterPosition) continue;
      events.push(event);
      if (events.length === limit) break;
    }
    return events;
  }

  /**
   * Through the eventId index: two short reads per id (the index entry, then the event it points at),
   * whatever the size of the ledger. Ids never written by this adapter (e.g. copied into KurrentDB
   * by another tool, without index entries) are not found.
   */
  /**
   * A full scan of $all with a server-side event-type filter: KurrentDB keeps no index by type
   * that this adapter relies on, so the cost grows with the whole log, not with the result.
   */
  async readByTypes(types: readonly string[], options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    if (types.length === 0) return [];
    const asOf = options.asOf ? instantMicros(options.asOf) : Number.POSITIVE_INFINITY;
    const filter = eventTypeFilter({ regex: `^(?:${types.map(escapeRegExp).join('|')})$` });
    const events: StoredEvent[] = [];
    for await (const resolved of this.logClient.readAll({ filter })) {
      const event = resolved.event ? toStoredEvent(resolved.event, this.names) : null;
      if (event && instantMicros(event.recordedAt) <= asOf) events.push(event);
    }
    return events;
  }

  /** Through readByTypes: a scan of $all with a server-side type filter. */
  async streamsWithTypes(types: readonly string[]): Promise<string[]> {
    return [...new Set((await this.readByTypes(types)).map((event) => event.personId))];
  }

  async readEvents(eventIds: string[]): Promise<StoredEvent[]> {
    const ids = [...new Set(eventIds.map((id) => id.toLowerCase()))].filter((id) => UUID.test(id));
    return this.lookUpMany(ids);
  }

  /** KurrentDB filters a stream by type only on the client: each stream is read whole, side by side with the ids. */
  async readForRecording(request: RecordingContextRequest): Promise<RecordingContext> {
    const types = new Set(request.types);
    const [whole, events] = await Promise.all([this.readStreams(request.personIds), this.readEvents([...request.eventIds])]);
    const heads = new Map<string, StreamHead>();
    const streams = new Map<string, StoredEvent[]>();
    for (const [personId, stream] of whole) {
      const last = stream[stream.length - 1];
      heads.set(personId, last ? { version: last.version, hash: last.hash } : { version: 0, hash: null });
      streams.set(personId, stream.filter((event) => types.has(event.type)));
    }
    return { heads, streams, events };
  }

  async streamVersions(personIds: readonly string[]): Promise<Map<string, number>> {
    const unique = [...new Set(personIds)];
    const versions = await Promise.all(
      unique.map(async (personId) => {
        const [last] = await this.readRecords(this.client, this.names.person(personId), { direction: BACKWARDS, fromRevision: END, maxCount: 1 });
        return last ? (toStoredEvent(last, this.names)?.version ?? 0) : 0;
      }),
    );
    return new Map(unique.map((personId, index) => [personId, versions[index]]));
  }

  async headPosition(): Promise<number> {
    const read = this.logClient.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1, filter: this.names.personStreamsFilter() });
    for await (const resolved of read) {
      const event = resolved.event ? toStoredEvent(resolved.event, this.names) : null;
      if (event) return event.position;
    }
    return 0;
  }

  /**
   * A catch-up subscription to $all (person streams only), fed through the same batching loop as
   * the PostgreSQL adapter's, so ordering, back-pressure and `caughtUpTo` behave identically.
   */
  subscribe(afterPosition: number, handler: BatchHandler, options: SubscribeOptions = {}): Subscription {
    const feed = new AllStreamFeed(this.logClient, this.names, afterPosition, {
      highWaterMark: 2 * (options.batchSize ?? DEFAULT_BATCH_SIZE),
      retryDelayMs: options.pollIntervalMs ?? DEFAULT_RETRY_DELAY_MS,
      onError: options.onError,
    });
    return new PollingSubscription(feed, afterPosition, handler, options, (wake) => feed.start(wake));
  }

  async close(): Promise<void> {
    await Promise.all(this.ownedClients.map((client) => client.dispose()));
  }

  private async readPersonStream(personId: string): Promise<StoredEvent[]> {
    const records = await this.readRecords(this.client, this.names.person(personId));
    return records.map((record) => toStoredEvent(record, this.names)).filter((event): event is StoredEvent => event !== null);
  }

  private async lookUpMany(eventIds: string[]): Promise<StoredEvent[]> {
    const found: StoredEvent[] = [];
    for (let start = 0; start < eventIds.length; start += LOOKUP_CONCURRENCY) {
      const chunk = await Promise.all(eventIds.slice(start, start + LOOKUP_CONCURRENCY).map((id) => this.lookUp(id)));
      for (const event of chunk) if (event) found.push(event);
    }
    return found;
  }

  private async lookUp(eventId: string): Promise<StoredEvent | null> {
    const [pointer] = await this.readRecords(this.client, this.names.eventId(eventId), { maxCount: 1 });
    const target = pointer ? pointerTarget(pointer) : null;
    if (!target) return null;
    const [record] = await this.readRecords(this.client, target.stream, { fromRevision: target.revision, maxCount: 1 });
    const event = record ? toStoredEvent(record, this.names) : null;
    return event?.eventId === eventId ? event : null;
  }

  /** A stream's records; an absent stream reads as empty. */
  private async readRecords(client: KurrentDBClient, streamName: string, options: KurrentReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const records: RecordedEvent[] = [];
    try {
      for await (const resolved of client.readStream(streamName, options)) {
        if (resolved.event) records.push(resolved.event);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return records;
  }
}

function streamAt(streamName: string, expectedState: AppendStreamState): ConsistencyCheck {
  return { type: STREAM_STATE, streamName, expectedState };
}

/** KurrentDB's expected revision for a stream the ledger has seen at `version` (0 = no events yet). */
function expectedRevision(version: number): AppendStreamState {
  return version === 0 ? NO_STREAM : BigInt(version - 1);
}

function versionOf(state: AppendStreamState | CurrentStreamState): number {
  return typeof state === 'bigint' ? Number(state) + 1 : 0;
}

/** A write refused because a stream moved since it was read, as the error to give up with; rethrows anything else. */
function asLostRace(error: unknown, names: StreamNames): Error {
  const moved =
    error instanceof KurrentWrongExpectedVersionError
      ? { streamName: error.streamName, expected: error.expectedState, actual: error.actualState }
      : error instanceof AppendConsistencyViolationError && error.violations.length > 0
        ? { streamName: error.violations[0].streamName, expected: error.violations[0].expectedState, actual: error.violations[0].actualState }
        : null;
  if (!moved) throw error;
  if (moved.streamName.startsWith(names.eventIdPrefix)) return new IdempotencyConflictError(moved.streamName.slice(names.eventIdPrefix.length));
  const personId = moved.streamName.startsWith(names.personPrefix) ? moved.streamName.slice(names.personPrefix.length) : moved.streamName;
  return new WrongExpectedVersionError(personId, versionOf(moved.expected), versionOf(moved.actual));
}

function consecutiveRuns(events: UnpositionedEvent[]): UnpositionedEvent[][] {
  const runs: UnpositionedEvent[][] = [];
  for (const event of events) {
    const current = runs.at(-1);
    if (current && current[0].personId === event.personId) current.push(event);
    else runs.push([event]);
  }
  return runs;
}

/** The client speaks `kurrentdb://`; `esdb://` still works but logs a deprecation warning. */
function asKurrentUrl(url: string): string {
  return url.replace(/^esdb(\+discover)?:\/\//, 'kurrentdb$1://');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
