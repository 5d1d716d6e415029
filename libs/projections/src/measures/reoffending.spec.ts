import { History, type EventOptions } from './history.fixture';
import { ageBand, provenReoffending } from './reoffending';
import { resolveHistory } from './resolve-history';

const sentence = (h: History, p: string, at: string, sentenceType: string, opts?: EventOptions) =>
  h.add('sentence.imposed', p, at, { sentenceId: `s-${h.events.length}`, sentenceType }, opts);
const released = (h: History, p: string, at: string, releaseType: string) => h.add('custody.released', p, at, { releaseType });

const from = '2024-01-01';
const to = '2025-01-01';

describe('MoJ proven reoffending', () => {
  const h = new History();
  // leap: index 2024-02-29; offences up to 2025-02-28 (12 months), proven by 2025-08-29 (18 months).
  h.person('leap', { gender: 'male', dateOfBirth: '1990-03-01' }); // 33 on 2024-02-29
  sentence(h, 'leap', '2024-02-29', 'community-order', { area: 'dorset' });
  h.conviction('leap', '2025-08-29', [
    ['leap-1', '2025-02-28'], // the last day of the 12 months, proven on the last day of the 18: counts
    ['leap-out', '2025-03-01'], // after 12 months
    ['leap-same-day', '2024-02-29'], // on the index date, not after it
  ]);
  h.conviction('leap', '2025-08-30', [['leap-slow', '2024-06-01']]); // proven after 18 months
  h.disposal('leap', '2024-12-01', 'caution', [['leap-2', '2024-11-01']]); // counts; a later index event changes nothing
  // aug31: index 2024-08-31; offences up to 2025-08-31, proven by 2026-02-28.
  h.person('aug31', { gender: 'female', dateOfBirth: '2006-09-01' }); // 17 on 2024-08-31
  released(h, 'aug31', '2024-08-31', 'licence');
  h.conviction('aug31', '2026-02-28', [['aug31-1', '2025-08-31']]); // counts
  h.conviction('aug31', '2026-03-01', [['aug31-late', '2025-01-01']]); // proven too late
  // remand: events that are not index events, then a caution on the last day of the period.
  h.person('remand', { gender: 'male', dateOfBirth: { $enc: 'ciphertext' } });
  released(h, 'remand', '2024-03-01', 'remand-ended');
  sentence(h, 'remand', '2024-03-05', 'custody');
  h.disposal('remand', '2024-03-10', 'community-resolution', [['remand-cr', '2024-03-09']]);
  h.disposal('remand', '2024-03-11', 'penalty-notice', [['remand-pnd', '2024-03-10']]);
  h.disposal('remand', '2024-12-31', 'conditional-caution', [['remand-index', '2024-12-30']]);
  h.conviction('remand', '2025-02-01', [['remand-1', '2025-01-15']]); // counts
  // outside: index events just before and on `to` only.
  h.person('outside', { gender: 'male', dateOfBirth: '1980-01-01' });
  sentence(h, 'outside', '2023-12-31', 'fine');
  sentence(h, 'outside', '2025-01-01', 'fine');
  // clean: no reoffence.
  h.person('clean', { gender: 'female', dateOfBirth: '1970-01-01' }); // 54 on 2024-05-01
  sentence(h, 'clean', '2024-05-01', 'fine');
  // nodob: no gender, no date of birth.
  h.person('nodob');
  sentence(h, 'nodob', '2024-07-01', 'absolute-discharge');
  // main: its duplicate record holds the reoffence until the merge is known.
  h.person('main', { gender: 'male', dateOfBirth: '1999-12-31' }); // 24 on 2024-10-01
  sentence(h, 'main', '2024-10-01', 'suspended');
  h.person('main-dup', { gender: 'female', dateOfBirth: '1999-12-31' });
  h.conviction('main-dup', '2024-12-01', [['main-1', '2024-11-01']]);
  h.merge('main-dup', 'main', '2026-04-01T00:00:00Z'); // after every other record

  const resolved = resolveHistory(h.events);

  it('gives the cohort figures', () => {
    expect(provenReoffending(resolved, from, to)).toEqual({
      from,
      to,
      offenders: 6, // leap, aug31, remand, clean, nodob, main
      reoffenders: 4, // leap, aug31, remand, main
      reoffences: 5, // leap 2, aug31 1, remand 1, main 1
      ratePercent: 66.67, // 4 / 6
      reoffencesPerReoffender: 1.25, // 5 / 4
      reoffencesPerOffender: 0.83, // 5 / 6
      breakdown: [],
    });
  });

  it('breaks down by gender from the surviving person\'s registration', () => {
    expect(provenReoffending(resolved, from, to, { by: 'gender' }).breakdown).toEqual([
      { group: 'male', offenders: 3, reoffenders: 3, reoffences: 4, ratePercent: 100, reoffencesPerReoffender: 1.33, reoffencesPerOffender: 1.33 }, // leap 2 + remand 1 + main 1; 4/3
      { group: 'female', offenders: 2, reoffenders: 1, reoffences: 1, ratePercent: 50, reoffencesPerReoffender: 1, reoffencesPerOffender: 0.5 }, // aug31, clean
      { group: 'unknown', offenders: 1, reoffenders: 0, reoffences: 0, ratePercent: 0, reoffencesPerReoffender: null, reoffencesPerOffender: 0 }, // nodob
    ]);
  });

  it('breaks down by age at the index date', () => {
    expect(provenReoffending(resolved, from, to, { by: 'age' }).breakdown.map((g) => [g.group, g.offenders, g.reoffenders, g.reoffences])).toEqual([
      ['10-17', 1, 1, 1], // aug31, 17
      ['21-24', 1, 1, 1], // main, 24
      ['30-34', 1, 1, 2], // leap, 33
      ['50+', 1, 0, 0], // clean, 54
      ['unknown', 2, 1, 1], // remand (encrypted), nodob (missing)
    ]);
  });

  it('counts a merged duplicate\'s offences only once the merge is known', () => {
    const before = provenReoffending(resolveHistory(h.events, { asOf: '2026-03-31T00:00:00Z' }), from, to);
    expect([before.offenders, before.reoffenders, before.reoffences]).toEqual([6, 3, 4]); // main without main-1
  });

  it('filters by the area of the index event', () => {
    expect(provenReoffending(resolved, from, to, { area: 'dorset' })).toMatchObject({ offenders: 1, reoffenders: 1, reoffences: 2 }); // leap
  });

  it('has null ratios for an empty cohort', () => {
    expect(provenReoffending(resolved, '2030-01-01', '2031-01-01')).toMatchObject({ offenders: 0, ratePercent: null, reoffencesPerReoffender: null, reoffencesPerOffender: null });
  });
});

describe('MoJ proven reoffending as known at T', () => {
  // Index 2024-01-10: offences to 2025-01-10, proven by 2025-07-10.
  const h = new History();
  h.person('p', { gender: 'male', dateOfBirth: '1990-01-01' });
  const index = sentence(h, 'p', '2024-01-10', 'fine');
  const first = h.conviction('p', '2024-06-01', [['o1', '2024-05-01']]);
  const second = h.conviction('p', '2024-07-01', [['o2', '2024-06-15']]);
  h.correct(first, '2025-02-01T00:00:00Z', { occurredAt: '2025-07-11' }); // now proven a day after the 18 months
  h.retract(second, '2025-03-01T00:00:00Z');
  h.conviction('p', '2024-09-01', [['o3', '2024-08-01']], { recordedAt: '2025-04-01T00:00:00Z' }); // late PNC result
  h.correct(index, '2025-05-01T00:00:00Z', { data: { sentenceId: 's', sentenceType: 'custody' } }); // not an index event after all

  const figures = (asOf?: string) => {
    const result = provenReoffending(resolveHistory(h.events, { asOf }), from, to);
    return [result.offenders, result.reoffences, result.ratePercent];
  };

  it('follows corrections, retractions and late records in the order they became known', () => {
    expect(figures('2025-01-31T00:00:00Z')).toEqual([1, 2, 100]); // o1, o2
    expect(figures('2025-02-15T00:00:00Z')).toEqual([1, 1, 100]); // o1 proven too late
    expect(figures('2025-03-15T00:00:00Z')).toEqual([1, 0, 0]); // o2 retracted
    expect(figures('2025-04-15T00:00:00Z')).toEqual([1, 1, 100]); // o3 learned
    expect(figures()).toEqual([0, 0, null]); // custody is not an index event
  });
});

describe('age bands', () => {
  it('takes full years at the index date; under 10 or an encrypted date of birth is unknown', () => {
    expect(ageBand('2006-03-01', '2024-02-29')).toBe('10-17');
    expect(ageBand('2006-03-01', '2024-03-01')).toBe('18-20');
    expect(ageBand('2003-05-05', '2024-05-05')).toBe('21-24');
    expect(ageBand('1974-03-02', '2024-03-01')).toBe('45-49'); // 49, a day short of 50
    expect(ageBand('1974-03-01', '2024-03-01')).toBe('50+');
    expect(ageBand('2016-01-01', '2024-01-01')).toBe('unknown'); // 8
    expect(ageBand({ $enc: 'ciphertext' }, '2024-01-01')).toBe('unknown');
    expect(ageBand(undefined, '2024-01-01')).toBe('unknown');
  });
});
