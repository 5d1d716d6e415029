import type { StoredEvent } from '@ledger/domain/envelope';
import type { EventStore } from '../event-store.port';
import { eventHash } from '../hashing/event-hash';

export type ChainProblem = 'altered' | 'missing' | 'reordered' | 'broken-link' | 'truncated';

export interface ChainBreak {
  personId: string;
  problem: ChainProblem;
  /** The first event of the stream found wrong (for `truncated`, the last one still present). */
  eventId: string | null;
  position: number | null;
  version: number | null;
  message: string;
}

export interface VerifyReport {
  intact: boolean;
  streams: number;
  events: number;
  headPosition: number;
  /** The first break of each broken stream, in the order they were found. */
  brokenStreams: ChainBreak[];
  /** Global positions that should exist and do not (the store allocates them without gaps). */
  missingPositions: Array<{ from: number; to: number }>;
  checkedAt: string;
}

export interface StoredStreamHead {
  personId: string;
  version: number;
  hash: string;
}

export interface VerifyOptions {
  /** The store's record of each stream's last event, when it keeps one (PostgreSQL does). */
  heads?: () => Promise<StoredStreamHead[]>;
  /** Whether positions are allocated without gaps, so a gap means a removed event. */
  gaplessPositions?: boolean;
  batchSize?: number;
  onProgress?: (eventsChecked: number) => void;
}

interface StreamState {
  version: number;
  hash: string | null;
  broken: boolean;
  /** When the break was a gap: the break, so a missing version turning up later re-labels it. */
  gap?: ChainBreak;
}

/**
 * Walks the whole global log once, recomputing every hash and following every stream's chain.
 * Memory is one small record per stream, not per event, so it runs over tens of millions of events.
 */
export async function verifyChains(store: EventStore, options: VerifyOptions = {}): Promise<VerifyReport> {
  options = { heads: store.integrity?.streamHeads, gaplessPositions: store.integrity?.gaplessPositions, ...options };
  const batchSize = options.batchSize ?? 5000;
  const streams = new Map<string, StreamState>();
  const brokenStreams: ChainBreak[] = [];
  const missingPositions: Array<{ from: number; to: number }> = [];
  let events = 0;
  let lastPosition = 0;

  const breakStream = (state: StreamState, event: StoredEvent, problem: ChainProblem, message: string) => {
    const found: ChainBreak = { personId: event.personId, problem, eventId: event.eventId, position: event.position, version: event.version, message };
    state.broken = true;
    if (problem === 'missing') state.gap = found;
    brokenStreams.push(found);
  };

  for (;;) {
    const batch = await store.readAll(lastPosition, batchSize);
    if (batch.length === 0) break;
    for (const event of batch) {
      if (options.gaplessPositions && event.position !== lastPosition + 1) {
        missingPositions.push({ from: lastPosition + 1, to: event.position - 1 });
      }
      lastPosition = event.position;
      events += 1;
      let state = streams.get(event.personId);
      if (!state) {
        state = { version: 0, hash: null, broken: false };
        streams.set(event.personId, state);
      }
      if (state.broken) {
        const gap = state.gap;
        if (gap && gap.problem === 'missing' && event.version > state.version && event.version < gap.version!) {
          // The "missing" version is here after all, only later in the log: the stream was reordered.
          gap.problem = 'reordered';
          gap.message = `event ${gap.eventId} (version ${gap.version}) comes before version ${event.version} (event ${event.eventId}) in the log: the stream was reordered`;
        }
        continue;
      }
      const expectedVersion = state.version + 1;
      if (eventHash(event) !== event.hash) {
        breakStream(state, event, 'altered', `event ${event.eventId} (version ${event.version}) does not match its hash: its stored content was changed`);
      } else if (event.version > expectedVersion) {
        breakStream(state, event, 'missing', `version ${expectedVersion}${event.version - 1 > expectedVersion ? `-${event.version - 1}` : ''} missing before event ${event.eventId} (version ${event.version})`);
      } else if (event.version < expectedVersion) {
        breakStream(state, event, 'reordered', `event ${event.eventId} has version ${event.version} but follows version ${state.version}: the stream was reordered`);
      } else if (event.previousHash !== state.hash) {
        breakStream(state, event, 'broken-link', `event ${event.eventId} (version ${event.version}) does not chain to the event before it: that one was altered or replaced`);
      } else {
        state.version = event.version;
        state.hash = event.hash;
      }
    }
    options.onProgress?.(events);
  }

  if (options.heads) {
    for (const head of await options.heads()) {
      const state = streams.get(head.personId);
      if (state?.broken) continue;
      const seen = state?.version ?? 0;
      if (head.version !== seen || (state && head.hash !== state.hash)) {
        brokenStreams.push({
          personId: head.personId,
          problem: 'truncated',
          eventId: null,
          position: null,
          version: seen,
          message: `the stream should end at version ${head.version} but ends at version ${seen}: events were removed from its end`,
        });
      }
    }
  }

  return {
    intact: brokenStreams.length === 0 && missingPositions.length === 0,
    streams: streams.size,
    events,
    headPosition: lastPosition,
    brokenStreams,
    missingPositions,
    checkedAt: new Date().toISOString(),
  };
}
