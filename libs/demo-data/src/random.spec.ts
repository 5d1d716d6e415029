import { Random } from './random';

describe('Random', () => {
  it('repeats its sequence for the same seed parts and differs for others', () => {
    const draw = (...parts: Array<string | number>) => {
      const rng = Random.from(...parts);
      return Array.from({ length: 5 }, () => rng.uint32());
    };
    expect(draw('seed', 1)).toEqual(draw('seed', 1));
    expect(draw('seed', 1)).not.toEqual(draw('seed', 2));
    expect(draw('seed', 1)).not.toEqual(draw('seed1'));
  });

  it('draws integers uniformly within both bounds', () => {
    const rng = Random.from('int');
    const counts = new Map<number, number>();
    for (let n = 0; n < 60_000; n++) {
      const value = rng.int(1, 6);
      counts.set(value, (counts.get(value) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual([1, 2, 3, 4, 5, 6]);
    // 10,000 expected per face; the standard deviation is about 91.
    for (const count of counts.values()) expect(Math.abs(count - 10_000)).toBeLessThan(500);
  });

  it('follows the weights of a table', () => {
    const rng = Random.from('weighted');
    let male = 0;
    for (let n = 0; n < 20_000; n++) if (rng.weighted([['male', 0.87], ['female', 0.13]] as const) === 'male') male++;
    // 87% of 20,000 = 17,400; standard deviation about 48.
    expect(Math.abs(male - 17_400)).toBeLessThan(300);
  });

  it('makes version-4-shaped UUIDs', () => {
    const rng = Random.from('uuid');
    const ids = Array.from({ length: 1000 }, () => rng.uuid());
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(1000);
  });
});
