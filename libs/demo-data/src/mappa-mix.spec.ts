import type { NewEvent } from '@ledger/domain';
import { generatePopulation } from './population';

/**
 * The category x level table of people actively managed under MAPPA on each date (domain.md, MAPPA
 * snapshot), from one person's stream in recording order (which, for MAPPA events, is date order).
 */
function mappaStateOn(stream: readonly NewEvent[], dates: readonly string[]): Array<string | undefined> {
  return dates.map((date) => {
    let state: { category: number; level: number } | undefined;
    for (const event of stream) {
      if (!event.type.startsWith('mappa.') || event.occurredAt > date) continue;
      if (event.type === 'mappa.registered') state = { category: Number(event.data.category), level: Number(event.data.level) };
      else if (event.type === 'mappa.deregistered') state = undefined;
      else if (state && event.type === 'mappa.level-changed') state.level = Number(event.data.level);
      else if (state && event.type === 'mappa.category-changed') state.category = Number(event.data.category);
    }
    return state && `${state.category}/${state.level}`;
  });
}

describe('MAPPA category x level mix', () => {
  it('resembles the Hampshire and Isle of Wight snapshot of 31 March 2014 (seed 002)', () => {
    const dates = ['2016-03-31', '2019-03-31', '2022-03-31', '2025-03-31'];
    const cells = new Map<string, number>();
    let stream: NewEvent[] = [];
    const count = (): void => {
      for (const cell of mappaStateOn(stream, dates)) if (cell) cells.set(cell, (cells.get(cell) ?? 0) + 1);
    };
    for (const event of generatePopulation({ people: 6000, seed: 'mappa mix' })) {
      if (stream.length > 0 && stream[0].personId !== event.personId) {
        count();
        stream = [];
      }
      stream.push(event);
    }
    count();

    const total = [...cells.values()].reduce((sum, n) => sum + n, 0);
    const share = (matches: (category: number, level: number) => boolean): number =>
      [...cells].filter(([cell]) => matches(...(cell.split('/').map(Number) as [number, number]))).reduce((sum, [, n]) => sum + n, 0) / total;

    // About 10% of 6000 people are ever MAPPA-managed, each active for 2-9 years: several hundred
    // person-dates, so a share near 85% carries a sampling error of about 2 points.
    expect(total).toBeGreaterThan(400);
    // Hampshire 2014: category 1 1715 of 2049 = 83.7%, category 2 323 = 15.8%; within 7 points.
    expect(Math.abs(share((category) => category === 1) - 0.837)).toBeLessThan(0.07);
    expect(Math.abs(share((category) => category === 2) - 0.158)).toBeLessThan(0.07);
    // Level 1 1908 of 2049 = 93.1%: within 5 points. Level 3 about 1% (brief): between 0.2% and 3%.
    expect(Math.abs(share((_c, level) => level === 1) - 0.931)).toBeLessThan(0.05);
    expect(share((_c, level) => level === 3)).toBeGreaterThan(0.002);
    expect(share((_c, level) => level === 3)).toBeLessThan(0.03);
  });
});
