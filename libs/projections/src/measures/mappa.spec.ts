import { History, type EventOptions } from './history.fixture';
import { mappaPeriod, mappaReviews, mappaSnapshot, mappaStatusAt } from './mappa';
import { resolveHistory } from './resolve-history';

const register = (h: History, p: string, at: string, category: number, level: number, opts?: EventOptions) =>
  h.add('mappa.registered', p, at, { category, level, leadAgency: 'probation' }, opts);
const levelTo = (h: History, p: string, at: string, level: number, opts?: EventOptions) => h.add('mappa.level-changed', p, at, { level }, opts);
const categoryTo = (h: History, p: string, at: string, category: number) => h.add('mappa.category-changed', p, at, { category });
const reviewed = (h: History, p: string, at: string, level: number) => h.add('mappa.reviewed', p, at, { level });
const deregister = (h: History, p: string, at: string, opts?: EventOptions) => h.add('mappa.deregistered', p, at, { reason: 'expired' }, opts);
const recall = (h: History, p: string, at: string, reason = 'recall') => h.add('custody.received', p, at, { reason });

/** The table as [category, level, count] for the non-zero cells. */
function cells(h: History, at: string, opts: { area?: string; asOf?: string } = {}) {
  const { table } = mappaSnapshot(resolveHistory(h.events, { asOf: opts.asOf }), at, { area: opts.area });
  return Object.entries(table).flatMap(([category, levels]) =>
    Object.entries(levels)
      .filter(([, n]) => n > 0)
      .map(([level, n]) => [category, level, n]),
  );
}

describe('MAPPA snapshot at D', () => {
  it('counts people active at the end of D at the category and level then in force', () => {
    const h = new History();
    register(h, 'a', '2024-01-01', 1, 1);
    register(h, 'b', '2024-01-01', 2, 2);
    categoryTo(h, 'b', '2024-02-01', 3);
    levelTo(h, 'b', '2024-03-31', 3); // on D: in force
    register(h, 'c', '2024-01-01', 1, 2);
    deregister(h, 'c', '2024-03-31'); // on D: no longer active
    register(h, 'd', '2024-01-01', 2, 1);
    deregister(h, 'd', '2024-04-01'); // after D: still active at D
    register(h, 'e', '2024-04-01', 1, 1); // registered after D
    register(h, 'f', '2023-01-01', 1, 3);
    deregister(h, 'f', '2023-06-01');
    register(h, 'f', '2024-02-01', 4, 2); // re-registered: the latest registration is in force

    expect(cells(h, '2024-03-31')).toEqual([
      ['1', '1', 1], // a
      ['2', '1', 1], // d
      ['3', '3', 1], // b
      ['4', '2', 1], // f
    ]);
    const { totals } = mappaSnapshot(resolveHistory(h.events), '2024-03-31');
    expect(totals).toEqual({
      byCategory: { '1': 1, '2': 1, '3': 1, '4': 1 },
      byLevel: { '1': 2, '2': 1, '3': 1 }, // a, d | f | b
      all: 4,
    });
    expect(cells(h, '2024-03-30')).toEqual([['1', '1', 1], ['1', '2', 1], ['2', '1', 1], ['3', '2', 1], ['4', '2', 1]]); // b still level 2, c still active
  });

  it('orders same-day events by instant when timed, else by when they were recorded', () => {
    const h = new History();
    // Recorded in the opposite order to when they happened.
    register(h, 'timed', '2024-03-31T15:00:00Z', 1, 2, { recordedAt: '2024-03-31T15:05:00Z' });
    deregister(h, 'timed', '2024-03-31T09:00:00Z', { recordedAt: '2024-03-31T16:00:00Z' });
    register(h, 'dated', '2024-03-31', 1, 1, { recordedAt: '2024-03-31T10:00:00Z' });
    deregister(h, 'dated', '2024-03-31', { recordedAt: '2024-03-31T11:00:00Z' });
    expect(cells(h, '2024-03-31')).toEqual([['1', '2', 1]]); // timed: deregistered 09:00, registered 15:00; dated: registered, then deregistered
  });

  it('takes events on the London date: a level change at 23:30 UTC in summer is on the next day', () => {
    const h = new History();
    register(h, 'p', '2024-06-01', 2, 2);
    levelTo(h, 'p', '2024-06-30T23:30:00Z', 3); // 00:30 on 1 July in London
    expect(cells(h, '2024-06-30')).toEqual([['2', '2', 1]]);
    expect(cells(h, '2024-07-01')).toEqual([['2', '3', 1]]);
  });

  it('answers as known at T: late deregistration, corrected level, retracted registration', () => {
    const h = new History();
    register(h, 'late', '2024-01-01', 1, 1);
    deregister(h, 'late', '2024-02-01', { recordedAt: '2024-05-01T00:00:00Z' });
    const wrong = register(h, 'fixed', '2024-01-01', 2, 3);
    h.correct(wrong, '2024-04-15T00:00:00Z', { data: { category: 2, level: 2, leadAgency: 'probation' } });
    const error = register(h, 'error', '2024-01-01', 3, 2);
    h.retract(error, '2024-04-20T00:00:00Z');

    expect(cells(h, '2024-03-31', { asOf: '2024-04-01T00:00:00Z' })).toEqual([['1', '1', 1], ['2', '3', 1], ['3', '2', 1]]);
    expect(cells(h, '2024-03-31', { asOf: '2024-04-16T00:00:00Z' })).toEqual([['1', '1', 1], ['2', '2', 1], ['3', '2', 1]]);
    expect(cells(h, '2024-03-31', { asOf: '2024-04-21T00:00:00Z' })).toEqual([['1', '1', 1], ['2', '2', 1]]);
    expect(cells(h, '2024-03-31')).toEqual([['2', '2', 1]]);
  });

  it('counts a merged duplicate once, as the surviving person', () => {
    const h = new History();
    register(h, 'dup', '2024-01-01', 1, 1);
    register(h, 'main', '2024-02-01', 1, 2);
    h.merge('dup', 'main', '2024-03-01T00:00:00Z');
    expect(cells(h, '2024-03-31', { asOf: '2024-02-15T00:00:00Z' })).toEqual([['1', '1', 1], ['1', '2', 1]]); // two people until the merge is known
    expect(cells(h, '2024-03-31')).toEqual([['1', '2', 1]]); // main's registration (1 Feb) is the latest
  });

  it('filters by the area of the registration in force', () => {
    const h = new History();
    register(h, 'p', '2024-01-01', 1, 1, { area: 'dorset' });
    levelTo(h, 'p', '2024-02-01', 2, { area: 'hampshire-iow' });
    register(h, 'q', '2024-01-01', 2, 2, { area: 'hampshire-iow' });
    expect(cells(h, '2024-03-31', { area: 'dorset' })).toEqual([['1', '2', 1]]);
    expect(cells(h, '2024-03-31', { area: 'hampshire-iow' })).toEqual([['2', '2', 1]]);
  });
});

describe('MAPPA level in force', () => {
  it('comes from registrations and level changes only: a review restarts the cycle, not the level', () => {
    const h = new History();
    register(h, 'r', '2024-01-01', 2, 2);
    reviewed(h, 'r', '2024-03-01', 3); // the meeting minutes say 3, but no level change was recorded
    expect(cells(h, '2024-03-31')).toEqual([['2', '2', 1]]);
    // Level 2 cycle from the review: 2024-03-01 + 112 days = 2024-06-21 (30 to 31 Mar, 60 to 30 Apr, 91 to 31 May, +21)
    expect(mappaReviews(resolveHistory(h.events), '2024-03-31').reviews[0]).toMatchObject({ level: '2', nextReviewDue: '2024-06-21' });
  });
});

describe('MAPPA reviews', () => {
  const h = new History();
  register(h, 'l2', '2024-01-01', 1, 2); // due 2024-01-01 + 112 days = 2024-04-22 (30 to 31 Jan, 59 to 29 Feb, 90 to 31 Mar, +22)
  register(h, 'l3', '2024-01-01', 2, 3);
  reviewed(h, 'l3', '2024-02-20', 3); // due 2024-02-20 + 56 = 2024-04-16 (9 to 29 Feb, 40 to 31 Mar, +16)
  register(h, 'l1', '2024-01-01', 1, 1); // no review cycle
  register(h, 'up', '2024-01-01', 3, 1);
  levelTo(h, 'up', '2024-03-01', 3); // due 2024-03-01 + 56 = 2024-04-26 (30 to 31 Mar, +26)
  const resolved = resolveHistory(h.events);

  it('lists level 2 and 3 cases with the next review due from their latest registration, level change or review', () => {
    expect(mappaReviews(resolved, '2024-04-22').reviews).toEqual([
      { personId: 'l3', category: '2', level: '3', leadAgency: 'probation', lastEventDate: '2024-02-20', nextReviewDue: '2024-04-16', overdue: true },
      { personId: 'l2', category: '1', level: '2', leadAgency: 'probation', lastEventDate: '2024-01-01', nextReviewDue: '2024-04-22', overdue: false }, // due on D is not overdue
      { personId: 'up', category: '3', level: '3', leadAgency: 'probation', lastEventDate: '2024-03-01', nextReviewDue: '2024-04-26', overdue: false },
    ]);
  });

  it('keeps only overdue cases when asked', () => {
    expect(mappaReviews(resolved, '2024-04-23', { overdue: true }).reviews.map((r) => r.personId)).toEqual(['l3', 'l2']);
  });

  it('gives one person\'s status for the summary, null before any registration', () => {
    const events = resolved.filter((e) => e.personId === 'l3');
    expect(mappaStatusAt(events, '2023-12-31')).toBeNull();
    expect(mappaStatusAt(events, '2024-03-01')).toEqual({
      active: true,
      category: '2',
      level: '3',
      leadAgency: 'probation',
      registeredOn: '2024-01-01',
      nextReviewDue: '2024-04-16',
      overdue: false,
    });
  });

  it('reports a deregistered person as inactive, with no review due', () => {
    const g = new History();
    register(g, 'p', '2024-01-01', 1, 2);
    deregister(g, 'p', '2024-02-01');
    expect(mappaStatusAt(resolveHistory(g.events), '2024-03-01')).toMatchObject({ active: false, level: '2', nextReviewDue: null, overdue: false });
  });
});

describe('MAPPA period [from, to]', () => {
  const from = '2013-04-01';
  const to = '2014-03-31';

  it('counts each person once at the highest level held, under the category of the first day at that level', () => {
    const h = new History();
    register(h, 'throughout', '2012-01-01', 1, 2);
    register(h, 'peak', '2013-01-01', 2, 2);
    categoryTo(h, 'peak', '2013-05-01', 3);
    levelTo(h, 'peak', '2013-06-01', 3); // first day at 3: category 3
    categoryTo(h, 'peak', '2013-07-01', 1);
    levelTo(h, 'peak', '2013-08-01', 2);
    register(h, 'ended-before', '2012-01-01', 1, 2);
    deregister(h, 'ended-before', '2013-03-31');
    register(h, 'ends-on-from', '2012-01-01', 2, 2);
    deregister(h, 'ends-on-from', from); // not managed on any day of the period
    register(h, 'starts-on-to', to, 2, 3);
    register(h, 'after', '2014-04-01', 1, 3);
    register(h, 'level1', '2012-01-01', 1, 1);
    register(h, 'blip', '2013-09-01', 1, 2);
    levelTo(h, 'blip', '2013-09-02', 3);
    levelTo(h, 'blip', '2013-09-02', 2); // undone the same day: never held level 3 on a day

    expect(mappaPeriod(resolveHistory(h.events), from, to).levelTotals).toEqual({
      '2': { '1': 2, '2': 0, '3': 0, '4': 0 }, // throughout, blip
      '3': { '1': 0, '2': 1, '3': 1, '4': 0 }, // starts-on-to (cat 2), peak (cat 3)
    });
  });

  it('counts recalls in the period of people then at level 2 or 3, by that level and category', () => {
    const h = new History();
    register(h, 'p', '2012-01-01', 1, 2);
    recall(h, 'p', '2013-03-31'); // before the period
    recall(h, 'p', from);
    recall(h, 'p', '2013-10-01', 'sentence'); // not a recall
    levelTo(h, 'p', '2013-11-01T10:00:00Z', 3);
    recall(h, 'p', '2013-11-01T09:00:00Z'); // before the change that morning: still level 2
    recall(h, 'p', to);
    recall(h, 'p', '2014-04-01'); // after the period
    register(h, 'q', '2012-01-01', 2, 1);
    recall(h, 'q', '2013-06-01'); // level 1
    register(h, 'r', '2012-01-01', 2, 3);
    deregister(h, 'r', '2013-05-01');
    recall(h, 'r', '2013-06-01'); // no longer MAPPA

    expect(mappaPeriod(resolveHistory(h.events), from, to).returnsToCustody).toEqual({
      '2': { '1': 2, '2': 0, '3': 0, '4': 0 }, // p on 1 Apr 2013 and 1 Nov 2013 09:00
      '3': { '1': 1, '2': 0, '3': 0, '4': 0 }, // p on 31 Mar 2014
    });
  });
});
