import type { NewEvent, StoredEvent } from '@ledger/domain/envelope';

/**
 * The one port every part of the ledger uses to reach events. Two adapters implement it:
 * PostgreSQL (`postgres/`) and KurrentDB/EventStoreDB (`kurrent/`). Read models and projection
 * checkpoints always live in PostgreSQL, whichever adapter holds the events.
 */
export interface EventStore {
  /** Which adapter this is, for logs, /health and the benchmark. */
  readonly kind: 'postgres' | 'kurrentdb';

  /**
   * Appends events atomically: all of them or none. Events for the same person keep their order.
   * - `expectedVersion` on an event: the person's stream must stand at exactly that version
   *   (counting events earlier in the same batch) or the whole append fails with
   *   {@link WrongExpectedVersionError}.
   * - Idempotent on `eventId`: an event already stored with the same content is reported with its
   *   original position and `duplicate: true`; with different content the whole append fails with
   *   {@link IdempotencyConflictError}.
   * - `recordedAt` is the store's own clock unless supplied (bulk import of history); a supplied
   *   value later than the append is refused.
   */
  append(events: NewEvent[], options?: AppendOptions): Promise<AppendResult[]>;

  /** A person's stream in version order. */
  readStream(personId: string, options?: ReadStreamOptions): Promise<StoredEvent[]>;

  /** Several streams at once (one round trip where the adapter can), each in version order. */
  readStreams(personIds: readonly string[], options?: ReadStreamOptions): Promise<Map<string, StoredEvent[]>>;

  /** The global log after a position, in position order, at most `limit` events. */
  readAll(afterPosition: number, limit: number): Promise<StoredEvent[]>;

  /**
   * Every event of the given types, in position order, optionally only those recorded by `asOf`.
   * Reports "as known at T" fold these; adapters without an index by type scan the log.
   */
  readByTypes(types: readonly string[], options?: ReadStreamOptions): Promise<StoredEvent[]>;

  /** Events by id (any stream), for idempotency checks and corrections. */
  readEvents(eventIds: string[]): Promise<StoredEvent[]>;

  /** The people whose streams hold at least one event of these types (any order, each once). */
  streamsWithTypes(types: readonly string[]): Promise<string[]>;

  /**
   * What recording checks a batch against, in one round trip where the adapter can: each
   * person's stream version, only their events of the types the domain rules look at (a stream's
   * arrests and sentences never decide a rule, and reading them made every append cost as much as
   * the person's whole history), and events by id from any stream (replays, correction targets).
   * An adapter may include events of appends still being written (see RecordingContext.provisional).
   */
  readForRecording(request: RecordingContextRequest): Promise<RecordingContext>;

  /**
   * Each stream's version now (0 for a stream with no events): one cheap lookup, for readers that
   * keep something built from whole streams and must know whether any of them has grown since.
   */
  streamVersions(personIds: readonly string[]): Promise<Map<string, number>>;

  /** The highest position a reader can see now (0 when empty). */
  headPosition(): Promise<number>;

  /**
   * Follows the global log from `afterPosition`, delivering batches in position order, never
   * skipping an event and never delivering one twice within the subscription. The handler's
   * promise is awaited before the next batch (back-pressure).
   */
  subscribe(afterPosition: number, handler: BatchHandler, options?: SubscribeOptions): Subscription;

  close(): Promise<void>;

  /** What the adapter itself can prove beyond the hash chains, for `verify`. */
  readonly integrity?: StoreIntegrity;
}

export interface StoreIntegrity {
  /** Positions are allocated without gaps, so a gap means a removed event. */
  gaplessPositions: boolean;
  /** The store's own record of each stream's last event (catches removals from a stream's end). */
  streamHeads(): Promise<Array<{ personId: string; version: number; hash: string }>>;
}

export interface AppendOptions {
  /**
   * The heads of the streams being appended to, as the caller just read them (readForRecording).
   * A hint, never a rule: an adapter may plan and hash the append before taking its lock, and
   * when any stream has moved on since, it plans again from what is stored, with the same result
   * as without the hint.
   */
  expectedHeads?: ReadonlyMap<string, StreamHead>;
  /**
   * Test seam for the concurrency suite: awaited inside the transaction after the rows are
   * written and before COMMIT, so a test can hold a writer open while others proceed.
   */
  beforeCommit?: () => Promise<void>;
  /**
   * Called once the append is planned and its write has begun (not when it is durable: the
   * append's promise says that). From then on readForRecording shows its events, provisionally,
   * so a caller pipelining batches (an import) can check the next batch against them while this
   * one is written. Only called when that is so: an adapter that cannot show an append's events
   * before its commit (or an append that takes such a path) never calls it.
   */
  onWriting?: () => void;
}

export interface AppendResult {
  eventId: string;
  position: number;
  version: number;
  /** True when the event was already stored (idempotent replay of the same content). */
  duplicate: boolean;
}

export interface ReadStreamOptions {
  /** Only events with recordedAt <= asOf ("as known at T"). ISO instant. */
  asOf?: string;
  /** Only events of these types (readStreams). */
  types?: readonly string[];
}

export interface RecordingContextRequest {
  personIds: readonly string[];
  /** Event types to read from each person's stream. */
  types: readonly string[];
  eventIds: readonly string[];
  /** Only what is committed: no events of appends still being written (see RecordingContext.provisional). */
  committedOnly?: boolean;
}

/** The last event of a stream: version 0 and no hash for a stream not yet started. */
export interface StreamHead {
  version: number;
  hash: string | null;
}

export interface RecordingContext {
  /** Each requested person's stream head. */
  heads: Map<string, StreamHead>;
  /** Each requested person's events of the requested types, in version order. */
  streams: Map<string, StoredEvent[]>;
  /** The requested events that exist, any order. */
  events: StoredEvent[];
  /**
   * Set when the context includes events of appends still being written, not yet committed
   * (their positions are provisional; versions and hashes are what the append will store).
   * Settles (never rejects) once those appends committed or failed. An append checked against
   * such a context cannot store anything wrong (it is written only if the streams' heads are
   * still the ones it saw), but a refusal is only final once checked again, committedOnly, after
   * this settles: the events that caused it might never be stored.
   */
  provisional?: Promise<void>;
}

export type BatchHandler = (events: StoredEvent[]) => Promise<void>;

export interface SubscribeOptions {
  batchSize?: number;
  /** Upper bound on the wait between polls when no notification arrives (ms). */
  pollIntervalMs?: number;
  onError?: (error: Error) => void;
}

export interface Subscription {
  /** Position of the last event whose batch the handler completed. */
  readonly position: number;
  /** Resolves once the subscription has delivered everything up to `position`. */
  caughtUpTo(position: number, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export class WrongExpectedVersionError extends Error {
  constructor(
    readonly personId: string,
    readonly expectedVersion: number,
    readonly actualVersion: number,
  ) {
    super(`stream of person ${personId} is at version ${actualVersion}, not the expected ${expectedVersion}`);
    this.name = 'WrongExpectedVersionError';
  }
}

export class IdempotencyConflictError extends Error {
  constructor(readonly eventId: string) {
    super(`event ${eventId} is already recorded with different content`);
    this.name = 'IdempotencyConflictError';
  }
}

export class RecordedAtInFutureError extends Error {
  constructor(readonly eventId: string, readonly recordedAt: string) {
    super(`event ${eventId}: recordedAt ${recordedAt} is in the future`);
    this.name = 'RecordedAtInFutureError';
  }
}
