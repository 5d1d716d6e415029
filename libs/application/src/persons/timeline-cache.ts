import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { LRUCache } from 'lru-cache';

const gzipped = promisify(gzip);

/** A ready-to-send timeline: its JSON, and the same bytes gzip-compressed once that is done. */
export interface KeptTimeline {
  stamp: string;
  body: Buffer;
  /** Made in the background after the copy is kept (zlib's thread pool, not the event loop). */
  gzipped?: Buffer;
}

function sizeOf(entry: KeptTimeline): number {
  return entry.body.length + (entry.gzipped?.length ?? 0) + entry.stamp.length;
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
 *
 * A kept copy is also gzip-compressed once, so that clients that accept gzip (browsers, curl
 * --compressed, fetch) get about a tenth of the bytes without the server compressing every answer:
 * a 1,000-event chronology is about 500 kB of JSON, and sending it costs more than checking it.
 */
export class TimelineCache {
  private readonly kept: LRUCache<string, KeptTimeline> | null;

  /** @param clock milliseconds, monotonic (tests pass their own) */
  constructor(private readonly maxBytes: number, clock: { now(): number } = performance) {
    this.kept =
      maxBytes > 0
        ? new LRUCache<string, KeptTimeline>({
            maxSize: maxBytes,
            sizeCalculation: sizeOf,
            ttl: KEPT_FOR_MS,
            // An expired copy is dropped by its own (unref'd) timer, not left in memory until a read meets it.
            ttlAutopurge: true,
            ttlResolution: 0,
            perf: clock,
          })
        : null;
  }

  /** The kept copy, if it was built from exactly what `stamp` describes. */
  get(personId: string, stamp: string): KeptTimeline | undefined {
    const entry = this.kept?.get(personId);
    return entry?.stamp === stamp ? entry : undefined;
  }

  /**
   * Keeps a body (one larger than the whole cache is not kept), then compresses it. The promise
   * settles when the compressed copy is kept beside it, or is not needed any more (the copy was
   * replaced or let go meanwhile); it never rejects: without a compressed copy, answers go as JSON.
   */
  async set(personId: string, stamp: string, body: Buffer): Promise<void> {
    if (!this.kept) return;
    const entry: KeptTimeline = { stamp, body };
    this.kept.set(personId, entry);
    if (!this.kept.has(personId)) return;
    const compressed = await gzipped(body).catch(() => undefined);
    // peek: finishing the compression is not a read, so it must not make the copy "recently read".
    if (!compressed || this.kept.peek(personId) !== entry) return;
    const withCompressed = { ...entry, gzipped: compressed };
    // Too big for the whole cache with both forms: keep the JSON alone rather than neither.
    if (sizeOf(withCompressed) > this.maxBytes) return;
    // Set again so the cache counts the compressed bytes; the copy still goes when it would have.
    this.kept.set(personId, withCompressed, { ttl: this.kept.getRemainingTTL(personId) });
  }
}
