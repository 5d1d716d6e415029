import { TimelineCache } from './timeline-cache';

describe('TimelineCache', () => {
  const body = (text: string) => Buffer.from(text);

  it('gives a copy back only for the stamp it was kept with', () => {
    const cache = new TimelineCache(1024 * 1024);
    cache.set('P-1', 'stamp-1', body('{"entries":[]}'));
    expect(cache.get('P-1', 'stamp-1')?.toString()).toBe('{"entries":[]}');
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
});
