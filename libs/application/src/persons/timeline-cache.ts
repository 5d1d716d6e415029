import { LRUCache } from 'lru-cache';

interface KeptTimeline {
  stamp: string;
  body: Buffer;
}

/**
 * Timelines as the JSON an HTTP answer carries, kept in the API process by the person asked for.
 * Reading, revealing, building and serialising a 1,000-event chronology costs about 20 ms, and a
 * case review reads the same one again and again. Each copy is kept with the stamp of what it was
 * built from (see PersonTimelineJsonHandler); a reader works out the stamp afresh and takes the
 * copy only when the two are equal, so no copy outlives an append, a merge or an erasure, whichever
 * process made it. Bounded in bytes; least recently read copies go first.
 */
export class TimelineCache {
  private readonly kept: LRUCache<string, KeptTimeline> | null;

  constructor(maxBytes: number) {
    this.kept = maxBytes > 0 ? new LRUCache<string, KeptTimeline>({ maxSize: maxBytes, sizeCalculation: (entry) => entry.body.length + entry.stamp.length }) : null;
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
