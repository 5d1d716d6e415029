import { History } from './history.fixture';
import { mappaSnapshot } from './mappa';
import { resolveHistory } from './resolve-history';

/**
 * Reproduces the Hampshire and Isle of Wight MAPPA annual report 2013-14 (seed 002) table
 * "MAPPA-eligible offenders on 31 March 2014" from a history that also holds people who must not
 * count: deregistered by then, or registered after.
 */
describe('MAPPA snapshot: Hampshire and IoW on 31 March 2014', () => {
  const h = new History();
  let serial = 0;
  const registerMany = (count: number, category: number, level: number, then?: (personId: string) => void) => {
    for (let i = 0; i < count; i++) {
      const personId = `hiow-${++serial}`;
      const day = String((i % 28) + 1).padStart(2, '0');
      h.add('mappa.registered', personId, `${2006 + (i % 8)}-0${(i % 9) + 1}-${day}`, { category, level, leadAgency: category === 1 ? 'police' : 'probation' });
      then?.(personId);
    }
  };
  const levelTo = (level: number, at: string) => (personId: string) => h.add('mappa.level-changed', personId, at, { level });
  const deregistered = (at: string) => (personId: string) => h.add('mappa.deregistered', personId, at, { reason: 'no longer eligible' });

  // In force on 31 March 2014 (some arrived at their level by a later change, some leave after):
  registerMany(1526, 1, 1);
  registerMany(100, 1, 2, levelTo(1, '2014-01-15')); // 1526 + 100 = 1626 category 1, level 1
  registerMany(77, 1, 2);
  registerMany(8, 1, 1, levelTo(2, '2014-03-31')); // a change on the day is in force that day
  registerMany(3, 1, 2, levelTo(3, '2014-04-01')); // 77 + 8 + 3 = 88 category 1, level 2
  registerMany(1, 1, 3);
  registerMany(270, 2, 1);
  registerMany(12, 2, 1, deregistered('2014-04-01')); // 270 + 12 = 282 category 2, level 1
  registerMany(41, 2, 2);
  registerMany(10, 3, 2);
  registerMany(1, 3, 3);
  // Not counted on 31 March 2014:
  registerMany(250, 1, 1, deregistered('2013-11-30'));
  registerMany(12, 2, 2, deregistered('2014-03-31')); // deregistered on the day
  for (const at of ['2014-04-01', '2014-06-15', '2014-03-31T23:30:00Z' /* 00:30 BST on 1 April */]) {
    h.add('mappa.registered', `later-${at}`, at, { category: 1, level: 1, leadAgency: 'police' });
  }
  for (let i = 1; i <= 5; i++) {
    h.add('mappa.registered', `dorset-${i}`, '2013-05-01', { category: 2, level: 2, leadAgency: 'probation' }, { area: 'dorset' });
  }
  const resolved = resolveHistory(h.events);

  it('gives the published table and totals', () => {
    const snapshot = mappaSnapshot(resolved, '2014-03-31', { area: 'hampshire-iow' });
    expect(snapshot.table).toEqual({
      '1': { '1': 1626, '2': 88, '3': 1 },
      '2': { '1': 282, '2': 41, '3': 0 },
      '3': { '1': 0, '2': 10, '3': 1 },
      '4': { '1': 0, '2': 0, '3': 0 },
    });
    expect(snapshot.totals).toEqual({
      byCategory: { '1': 1715, '2': 323, '3': 11, '4': 0 }, // 1626 + 88 + 1; 282 + 41 + 0; 10 + 1
      byLevel: { '1': 1908, '2': 139, '3': 2 }, // 1626 + 282; 88 + 41 + 10; 1 + 0 + 1
      all: 2049, // 1715 + 323 + 11
    });
  });

  it('counts the other area apart, and both without a filter', () => {
    expect(mappaSnapshot(resolved, '2014-03-31', { area: 'dorset' }).table['2']).toEqual({ '1': 0, '2': 5, '3': 0 });
    expect(mappaSnapshot(resolved, '2014-03-31').totals.all).toBe(2054); // 2049 + 5
  });
});
