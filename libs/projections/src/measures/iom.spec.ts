import { History, type EventOptions } from './history.fixture';
import { iomCohortProgress, iomCohorts } from './iom';
import { resolveHistory } from './resolve-history';

const adopt = (h: History, p: string, cohortId: string, at: string, opts?: EventOptions) =>
  h.add('iom.adopted', p, at, { cohortId, cohortType: 'fixed', reason: 'neighbourhood crime' }, opts);
const deselect = (h: History, p: string, cohortId: string, at: string) => h.add('iom.deselected', p, at, { cohortId, reason: 'progress' });

describe('IOM two-year offending reduction', () => {
  it('counts arrests in PRE = [A-L, A) and POST = [A, A+L) with L = 730 days', () => {
    // A = 2023-01-10, E = 2025-06-01: E - A = 873 days, so L = 730.
    // A - L = 2021-01-10 (two 365-day years); A + L = 2025-01-09 (2023-01-10 + 731 days = 2025-01-10, 2024 being a leap year).
    const h = new History();
    adopt(h, 'p', 'c', '2023-01-10');
    for (const day of ['2021-01-09' /* A-L-1: out */, '2021-01-10' /* A-L: pre */, '2023-01-09' /* pre */, '2023-01-10' /* A: post */, '2025-01-08' /* A+L-1: post */, '2025-01-09' /* A+L: out */]) {
      h.arrest('p', day);
    }
    h.arrest('p', '2023-02-01', [['ox', '2023-01-20']]); // post
    h.conviction('p', '2023-03-01', [
      ['o-before', '2021-01-09'], // out
      ['o-pre', '2021-01-10'], // pre
      ['ox', '2023-01-05'], // pre: the conviction's offence date, not the arrest's
    ]);
    h.conviction('p', '2025-02-01', [
      ['o-post', '2025-01-08'], // post
      ['o-after', '2025-01-09'], // out
    ]);
    h.conviction('p', '2025-06-02', [['o-late', '2024-01-01']]); // proven after E: not counted

    const progress = iomCohortProgress(resolveHistory(h.events), 'c', '2025-06-01');
    expect(progress?.members).toEqual([
      {
        personId: 'p',
        adoptedOn: '2023-01-10',
        windowDays: 730,
        arrests: { pre: 2, post: 3 },
        provenOffences: { pre: 2, post: 1 },
        reductionPercent: { arrests: -50, provenOffences: 50 }, // (2-3)/2; (2-1)/2
      },
    ]);
  });

  it('shortens L when E is near A, and takes instants on their London date (summer time)', () => {
    // A = London date of 2024-06-30T23:30Z = 2024-07-01; E = 2024-10-01: L = 31 + 31 + 30 = 92.
    // PRE = [2024-03-31, 2024-07-01), POST = [2024-07-01, 2024-10-01).
    const h = new History();
    adopt(h, 'p', 'c', '2024-06-30T23:30:00Z');
    h.arrest('p', '2024-03-30'); // out
    h.arrest('p', '2024-03-31'); // pre
    h.arrest('p', '2024-06-30T22:59:00Z'); // 23:59 BST on 30 June: pre
    h.arrest('p', '2024-06-30T23:30:00Z'); // 00:30 BST on 1 July: post
    h.arrest('p', '2024-09-30'); // post
    h.arrest('p', '2024-10-01'); // A + L: out
    h.arrest('p', '2024-09-30T23:30:00Z'); // 00:30 BST on 1 October: out

    const [member] = iomCohortProgress(resolveHistory(h.events), 'c', '2024-10-01')!.members;
    expect(member).toMatchObject({ adoptedOn: '2024-07-01', windowDays: 92, arrests: { pre: 2, post: 2 }, reductionPercent: { arrests: 0, provenOffences: null } });
  });

  it('has empty windows on the day of adoption', () => {
    const h = new History();
    adopt(h, 'p', 'c', '2024-05-01');
    h.arrest('p', '2024-04-30');
    expect(iomCohortProgress(resolveHistory(h.events), 'c', '2024-05-01')!.members[0]).toMatchObject({ windowDays: 0, arrests: { pre: 0, post: 0 } });
  });

  describe('a cohort', () => {
    // E = 2025-06-01; everyone was adopted in 2023, so L = 730 for each.
    const h = new History();
    adopt(h, 'm1', 'iow-q1', '2023-01-10');
    ['2022-01-01', '2022-05-01', '2022-12-01', '2023-06-01'].forEach((d) => h.arrest('m1', d)); // pre 3, post 1
    h.conviction('m1', '2023-01-05', [['m1-a', '2022-01-01'], ['m1-b', '2022-05-01']]); // proven pre 2, post 0
    adopt(h, 'm2', 'iow-q1', '2023-02-01');
    deselect(h, 'm2', 'iow-q1', '2023-08-01'); // stays in the figures
    ['2022-06-01', '2023-03-01', '2023-09-01'].forEach((d) => h.arrest('m2', d)); // pre 1, post 2
    h.disposal('m2', '2023-04-01', 'caution', [['m2-a', '2023-03-01']]); // proven post 1
    h.disposal('m2', '2023-04-02', 'community-resolution', [['m2-b', '2022-06-01']]); // does not prove
    adopt(h, 'm3', 'iow-q1', '2023-03-01');
    deselect(h, 'm3', 'iow-q1', '2023-04-01');
    adopt(h, 'm3', 'iow-q1', '2024-01-01'); // re-adopted: A stays 2023-03-01
    ['2023-01-01', '2023-06-01'].forEach((d) => h.arrest('m3', d)); // pre 1, post 1 (from the first adoption)
    adopt(h, 'm4', 'iow-q1', '2025-06-02'); // adopted after E: not a member yet
    h.arrest('m4', '2025-01-01');
    adopt(h, 'other', 'dorset-q1', '2023-05-01', { area: 'dorset' });
    const resolved = resolveHistory(h.events);

    it('gives each member with their own A, and sums PRE and POST before the formula', () => {
      const progress = iomCohortProgress(resolved, 'iow-q1', '2025-06-01')!;
      expect(progress.members.map((m) => [m.personId, m.adoptedOn, m.arrests, m.provenOffences, m.reductionPercent])).toEqual([
        ['m1', '2023-01-10', { pre: 3, post: 1 }, { pre: 2, post: 0 }, { arrests: 66.7, provenOffences: 100 }], // (3-1)/3 = 66.67
        ['m2', '2023-02-01', { pre: 1, post: 2 }, { pre: 0, post: 1 }, { arrests: -100, provenOffences: null }], // PRE = 0
        ['m3', '2023-03-01', { pre: 1, post: 1 }, { pre: 0, post: 0 }, { arrests: 0, provenOffences: null }],
      ]);
      expect(progress.cohort).toEqual({
        arrests: { pre: 5, post: 4 }, // 3+1+1, 1+2+1
        provenOffences: { pre: 2, post: 1 }, // 2+0+0, 0+1+0
        reductionPercent: { arrests: 20, provenOffences: 50 }, // (5-4)/5, (2-1)/2
      });
    });

    it('is null for an unknown cohort, and filters members by the area of their adoption', () => {
      expect(iomCohortProgress(resolved, 'no-such-cohort', '2025-06-01')).toBeNull();
      expect(iomCohortProgress(resolved, 'iow-q1', '2025-06-01', { area: 'dorset' })!.members).toEqual([]);
      expect(iomCohortProgress(resolved, 'dorset-q1', '2025-06-01', { area: 'dorset' })!.members.map((m) => m.personId)).toEqual(['other']);
    });

    it('lists cohorts with everyone ever adopted and who is on them now', () => {
      expect(iomCohorts(resolved)).toEqual([
        { cohortId: 'dorset-q1', cohortType: 'fixed', area: 'dorset', members: 1, current: 1 },
        { cohortId: 'iow-q1', cohortType: 'fixed', area: 'hampshire-iow', members: 4, current: 3 }, // m2 deselected
      ]);
      expect(iomCohorts(resolved, { at: '2023-03-15', area: 'hampshire-iow' })).toEqual([
        { cohortId: 'iow-q1', cohortType: 'fixed', area: 'hampshire-iow', members: 3, current: 3 }, // m1, m2, m3; none deselected yet
      ]);
    });
  });

  it('answers as known at T: late arrest, retraction, merge, corrected adoption date', () => {
    // E = 2024-12-31. A = 2024-01-01 so L = 365: PRE = [2023-01-01, 2024-01-01), POST = [2024-01-01, 2024-12-31).
    const h = new History();
    const adoption = adopt(h, 'p', 'c', '2024-01-01');
    h.arrest('p', '2023-06-01');
    h.arrest('p', '2023-07-01', [], { recordedAt: '2025-02-01T00:00:00Z' });
    const mistaken = h.arrest('p', '2024-03-01');
    h.retract(mistaken, '2025-03-01T00:00:00Z');
    h.arrest('p-duplicate', '2024-04-01');
    h.merge('p-duplicate', 'p', '2025-04-01T00:00:00Z');
    // Adopted earlier than recorded: A = 2023-06-15, L = 366 + 199 = 565 (to 2024-06-15, then to 2024-12-31).
    h.correct(adoption, '2025-05-01T00:00:00Z', { occurredAt: '2023-06-15' });

    const at = (asOf?: string) => {
      const member = iomCohortProgress(resolveHistory(h.events, { asOf }), 'c', '2024-12-31')!.members[0];
      return [member.adoptedOn, member.windowDays, member.arrests, member.reductionPercent.arrests];
    };
    expect(at('2025-01-15T00:00:00Z')).toEqual(['2024-01-01', 365, { pre: 1, post: 1 }, 0]); // 2023-06-01 | 2024-03-01
    expect(at('2025-02-15T00:00:00Z')).toEqual(['2024-01-01', 365, { pre: 2, post: 1 }, 50]); // + late 2023-07-01
    expect(at('2025-03-15T00:00:00Z')).toEqual(['2024-01-01', 365, { pre: 2, post: 0 }, 100]); // - retracted 2024-03-01
    expect(at('2025-04-15T00:00:00Z')).toEqual(['2024-01-01', 365, { pre: 2, post: 1 }, 50]); // + duplicate's 2024-04-01
    expect(at()).toEqual(['2023-06-15', 565, { pre: 1, post: 2 }, -100]); // 2023-06-01 | 2023-07-01, 2024-04-01
  });
});
