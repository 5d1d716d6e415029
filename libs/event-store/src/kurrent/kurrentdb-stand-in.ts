import { Readable } from 'node:stream';
import {
  AppendConsistencyViolationError,
  InvalidArgumentError,
  StreamNotFoundError,
  UnsupportedError,
  WrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type AppendRecordInput,
  type AppendStreamState,
  type ConsistencyCheck,
  type EventData,
  type Filter,
  type KurrentDBClient,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeToAllOptions,
} from '@kurrent/kurrentdb-client';

/**
 * An in-memory stand-in for the part of KurrentDBClient the adapter uses, for machines with no
 * KurrentDB server (it is not a KurrentDB: no persistence, no cluster). It reproduces the
 * behaviour the adapter relies on, as the server documents and implements it:
 * - every event has its own $all position (commit = prepare = its log offset; offsets grow by
 *   the record size, so positions have gaps), and the log starts with system records;
 * - a $all read from a position includes the event at it; a subscription from a position starts
 *   after it; a stream read of an absent stream throws StreamNotFoundError;
 * - expected-revision checks (NO_STREAM, a revision) on appendToStream, and AppendRecords'
 *   consistency checks, all-or-nothing, records kept in request order;
 * - `appendRecords` exists only when constructed as a 26.1+ server (else UnsupportedError), and
 *   validates its request as the server does: stream and type names of letters, digits, `_`, `.`
 *   and `-` only, one consistency check per stream, no "any" check.
 */
export class KurrentDBStandIn {
  private readonly log: RecordedEvent[] = [];
  private readonly streams = new Map<string, RecordedEvent[]>();
  private readonly subscribers = new Set<(event: RecordedEvent) => void>();
  private nextOffset = 0;

  constructor(private readonly server: { appendRecords: boolean }) {
    this.write('$epoch-information', { id: '00000000-0000-4000-8000-000000000001', type: '$epoch-information', contentType: 'application/json', data: {}, metadata: undefined });
    this.write('$settings', { id: '00000000-0000-4000-8000-000000000002', type: '$settings', contentType: 'application/json', data: {}, metadata: undefined });
  }

  asClient(): KurrentDBClient {
    return this as unknown as KurrentDBClient;
  }

  async appendToStream(streamName: string, events: EventData | EventData[], options: { streamState?: AppendStreamState } = {}) {
    await nextTick();
    this.check(streamName, options.streamState ?? 'any', (expected, current) => {
      throw new WrongExpectedVersionError(undefined, { streamName, expected, current });
    });
    const written = (Array.isArray(events) ? events : [events]).map((event) => this.write(streamName, event));
    return { success: true, nextExpectedRevision: written.at(-1)!.revision, position: written.at(-1)!.position };
  }

  async appendRecords(records: AppendRecordInput[], checks: ConsistencyCheck[] = []) {
    await nextTick();
    if (!this.server.appendRecords) throw new UnsupportedError('appendRecords', '26.1');
    const names = [...records.flatMap((r) => [r.streamName, r.record.type]), ...checks.map((check) => check.streamName)];
    const invalid = names.find((name) => !V2_NAME.test(name));
    if (invalid !== undefined) throw new InvalidArgumentError(`"${invalid}": names can only contain alphanumeric characters, underscores, dashes, and periods`);
    if (new Set(checks.map((check) => check.streamName.toLowerCase())).size !== checks.length) {
      throw new InvalidArgumentError('Each stream can only appear once in consistency checks.');
    }
    if (checks.some((check) => check.expectedState === 'any')) throw new InvalidArgumentError('Any (-2) is not allowed in a consistency check.');
    const violations: unknown[] = [];
    checks.forEach((check, checkIndex) =>
      this.check(check.streamName, check.expectedState, (expected, current) =>
        violations.push({ checkIndex, streamState: { stream: check.streamName, expectedState: wire(expected), actualState: wire(current) } }),
      ),
    );
    if (violations.length > 0) throw new AppendConsistencyViolationError(undefined as never, { violationsList: violations } as never);
    const written = records.map((record) => this.write(record.streamName, record.record));
    return { position: written.at(-1)!.position!.commit, responses: [] };
  }

  readStream(streamName: string, options: ReadStreamOptions = {}): AsyncIterableIterator<{ event: RecordedEvent }> {
    const stream = this.streams.get(streamName);
    const count = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
    const backwards = options.direction === 'backwards';
    return (async function* () {
      await nextTick();
      if (!stream) throw new StreamNotFoundError(undefined, streamName);
      if (backwards) {
        // From a revision (inclusive) or from the end, newest first.
        const upTo = typeof options.fromRevision === 'bigint' ? Number(options.fromRevision) + 1 : stream.length;
        for (const event of stream.slice(0, upTo).reverse().slice(0, count)) yield { event };
        return;
      }
      const from = typeof options.fromRevision === 'bigint' ? Number(options.fromRevision) : 0;
      for (const event of stream.slice(from, from + count)) yield { event };
    })();
  }

  readAll(options: ReadAllOptions = {}): AsyncIterableIterator<AllStreamResolvedEvent> {
    const backwards = options.direction === 'backwards';
    const from = options.fromPosition;
    const count = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
    const matching = this.log.filter((event) => {
      if (!matches(event, options.filter)) return false;
      if (from === undefined || from === 'start' || from === 'end') return true;
      return backwards ? event.position!.commit < from.commit : event.position!.commit >= from.commit;
    });
    const ordered = backwards ? matching.reverse() : matching;
    return (async function* () {
      await nextTick();
      for (const event of ordered.slice(0, count)) yield { event } as AllStreamResolvedEvent;
    })();
  }

  subscribeToAll(options: SubscribeToAllOptions = {}) {
    const from = options.fromPosition;
    const after = from === undefined || from === 'start' ? -1n : from === 'end' ? BigInt(this.nextOffset) : from.commit;
    const readable = new Readable({ objectMode: true, read() {} });
    const deliver = (event: RecordedEvent) => {
      if (event.position!.commit > after && matches(event, options.filter)) readable.push({ event });
    };
    setImmediate(() => {
      if (readable.destroyed) return;
      this.log.forEach(deliver);
      this.subscribers.add(deliver);
    });
    return Object.assign(readable, {
      unsubscribe: async () => {
        this.subscribers.delete(deliver);
        readable.destroy();
      },
    });
  }

  async dispose(): Promise<void> {}

  private check(streamName: string, expected: AppendStreamState, refuse: (expected: AppendStreamState, current: bigint | 'no_stream') => void): void {
    const stream = this.streams.get(streamName);
    const current = stream ? BigInt(stream.length - 1) : 'no_stream';
    const holds =
      expected === 'any' ||
      (expected === 'no_stream' && current === 'no_stream') ||
      (expected === 'stream_exists' && current !== 'no_stream') ||
      expected === current;
    if (!holds) refuse(expected, current);
  }

  private write(streamName: string, event: EventData): RecordedEvent {
    const stream = this.streams.get(streamName) ?? [];
    this.streams.set(streamName, stream);
    const isJson = event.contentType === 'application/json';
    const data = isJson ? JSON.parse(JSON.stringify(event.data)) : new Uint8Array(event.data as Uint8Array);
    const offset = BigInt(this.nextOffset);
    this.nextOffset += 120 + (isJson ? JSON.stringify(data).length : data.length);
    const recorded = {
      streamId: streamName,
      id: event.id,
      revision: BigInt(stream.length),
      type: event.type,
      created: new Date(),
      data,
      metadata: undefined,
      isJson,
      position: { commit: offset, prepare: offset },
    } as RecordedEvent;
    stream.push(recorded);
    this.log.push(recorded);
    for (const subscriber of this.subscribers) subscriber(recorded);
    return recorded;
  }
}

/** KurrentDB 26.1's rule for stream and schema (event type) names in AppendRecords. */
const V2_NAME = /^[a-zA-Z0-9_.-]+$/;

function matches(event: RecordedEvent, filter: Filter | undefined): boolean {
  if (!filter) return true;
  const subject = filter.filterOn === 'streamName' ? event.streamId : event.type;
  return 'prefixes' in filter ? filter.prefixes.some((prefix) => subject.startsWith(prefix)) : new RegExp(filter.regex).test(subject);
}

/** The wire spelling of a stream state in AppendRecords' error details. */
function wire(state: AppendStreamState | bigint): string {
  return state === 'no_stream' ? '-1' : state === 'any' ? '-2' : state === 'stream_exists' ? '-4' : state.toString();
}

function nextTick(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
