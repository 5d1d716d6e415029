import { gunzipSync } from 'node:zlib';
import { TimelineCache } from './timeline-cache';

describe('TimelineCache', () => {
  const body = (text: string) => Buffer.from(text);

  it('gives a copy back only for the stamp it was kept with', () => {
    const cache = new TimelineCache(1024 * 1024);
    cache.set('P-1', 'stamp-1', body('{"entries":[]}'));
    expect(cache.get('P-1', 'stamp-1')?.body.toString()).toBe('{"entries":[]}');
    expect(cache.get('P-1', 'stamp-2')).toBeUndefined();
    expect(cache.get('P-2', 'stamp-1')).toBeUndefined();
  });

  it('keeps nothing when turned off (0 bytes), and no copy larger than itself', () => {
    const off = new TimelineCache(0);
    off.set('P-1', 's', body('x'));
    expect(off.get('P-1', 's')).toBeUndefined();
    const small = new TimelineCache(100);
    small.set('P-1', 's', body('x'.repeat(200)));
    expect(small.get('P-1', 's')).toBeUndefined();
  });

  it('lets the least recently read copies go first when full', () => {
    const cache = new TimelineCache(250);
    cache.set('P-1', 's', body('1'.repeat(100)));
    cache.set('P-2', 's', body('2'.repeat(100)));
    cache.get('P-1', 's');
    cache.set('P-3', 's', body('3'.repeat(100)));
    expect([cache.get('P-1', 's'), cache.get('P-2', 's'), cache.get('P-3', 's')].map((kept) => kept !== undefined)).toEqual([true, false, true]);
  });

  it('lets a copy go 15 minutes after it was built, read or not', () => {
    let now = 1_000;
    const cache = new TimelineCache(1024, { now: () => now });
    cache.set('P-1', 's', body('{}'));
    now += 14 * 60_000;
    expect(cache.get('P-1', 's')).toBeDefined();
    now += 2 * 60_000;
    expect(cache.get('P-1', 's')).toBeUndefined();
  });

  it('compresses a kept copy once, in the background, and counts the compressed bytes against its size', async () => {
    const json = JSON.stringify({ entries: Array.from({ length: 200 }, (_, i) => ({ eventId: `e-${i}`, type: 'arrest.recorded' })) });
    const cache = new TimelineCache(json.length * 2);
    const compressing = cache.set('P-1', 's', body(json));
    expect(cache.get('P-1', 's')?.gzipped).toBeUndefined();
    await compressing;
    const kept = cache.get('P-1', 's');
    expect(gunzipSync(kept!.gzipped!).toString()).toBe(json);
    expect(kept!.gzipped!.length).toBeLessThan(json.length / 5);
    // A copy that fits only without its compressed form is kept as JSON alone.
    const tight = new TimelineCache(json.length + 10);
    await tight.set('P-1', 's', body(json));
    expect(tight.get('P-1', 's')?.body.toString()).toBe(json);
    expect(tight.get('P-1', 's')?.gzipped).toBeUndefined();
  });

  it('does not attach a compressed copy to a copy that replaced the one compressed', async () => {
    const cache = new TimelineCache(1024 * 1024);
    const first = cache.set('P-1', 'old', body('{"entries":["old"]}'));
    const second = cache.set('P-1', 'new', body('{"entries":["new"]}'));
    await first;
    expect(cache.get('P-1', 'old')).toBeUndefined();
    const kept = cache.get('P-1', 'new');
    expect(kept?.body.toString()).toBe('{"entries":["new"]}');
    if (kept?.gzipped) expect(gunzipSync(kept.gzipped).toString()).toBe('{"entries":["new"]}');
    await second;
    expect(gunzipSync(cache.get('P-1', 'new')!.gzipped!).toString()).toBe('{"entries":["new"]}');
  });
});
