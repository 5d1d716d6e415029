import { LRUCache } from 'lru-cache';

interface KeptTimeline {
  stamp: string;
  body: Buffer;
}

/**
 * How long a copy is kept after it was built. A copy is never sent once its person is erased, but
 * it holds their revealed personal data in this process's memory until it goes; this bounds how
 * long that can be when nobody reads the person again.
 */
const KEPT_FOR_MS = 15 * 60_000;

/**
 * Timelines as the JSON an HTTP answer carries, kept in the API process by the person asked for.
 * Reading, revealing, building and serialising a 1,000-event chronology costs about 20 ms, and a
 * case review reads the same one again and again. Each copy is kept with the stamp of what it was
 * built from (see PersonTimelineJsonHandler); a reader works out the stamp afresh and takes the
 * copy only when the two are equal, so no copy outlives an append, a merge or an erasure, whichever
 * process made it. Bounded in bytes (least recently read copies go first) and in time.
 */
export class TimelineCache {
  private readonly kept: LRUCache<string, KeptTimeline> | null;

  /** @param clock milliseconds, monotonic (tests pass their own) */
  constructor(maxBytes: number, clock: { now(): number } = performance) {
    this.kept =
      maxBytes > 0
        ? new LRUCache<string, KeptTimeline>({
            maxSize: maxBytes,
            sizeCalculation: (entry) => entry.body.length + entry.stamp.length,
            ttl: KEPT_FOR_MS,
            // An expired copy is dropped by its own (unref'd) timer, not left in memory until a read meets it.
            ttlAutopurge: true,
            ttlResolution: 0,
            perf: clock,
          })
        : null;
  }

  /** The kept body, if it was built from exactly what `stamp` describes. */
  get(personId: string, stamp: string): Buffer | undefined {
    const entry = this.kept?.get(personId);
    return entry?.stamp === stamp ? entry.body : undefined;
  }

  /** Keeps a body (one larger than the whole cache is not kept). */
  set(personId: string, stamp: string, body: Buffer): void {
    this.kept?.set(personId, { stamp, body });
  }
}
