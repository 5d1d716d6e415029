import { createCliSandbox, CliSandbox, eventOf, registration, writeNdjsonFile } from './cli-harness';

/** Each event is recorded at noon UTC on the day it happened, so `--as-of` can cut the history by day. */
const recorded = (date: string) => ({ recordedAt: `${date}T12:00:00Z` });
const dorset = (date: string) => ({ ...recorded(date), area: 'dorset' });
const byCategory = (counts: Partial<Record<'1' | '2' | '3' | '4', number>>) => ({ '1': 0, '2': 0, '3': 0, '4': 0, ...counts });
const byLevel = (counts: Partial<Record<'1' | '2' | '3', number>>) => ({ '1': 0, '2': 0, '3': 0, ...counts });

/**
 * P1 (hampshire-iow, male): arrested 2023-12-01; MAPPA cat 2 level 2 and adopted onto IOM cohort iow-1 from
 *   2024-01-10; recalled 2024-03-10; community order 2024-01-15 (index), then convicted 2024-05-01 of a
 *   theft committed 2024-04-01 (a reoffence).
 * P2 (hampshire-iow, female): MAPPA cat 1 level 3 from 2024-02-01, level 2 from 2024-03-01; fine 2024-06-01 (index).
 * P3 (dorset): MAPPA cat 2 level 1 from 2023-06-01, deregistered 2024-02-15.
 * P4 (dorset): MAPPA cat 3 level 1 from 2024-03-01.
 */
const HISTORY = [
  registration('P1', '2023-01-01', recorded('2023-01-01')),
  eventOf('P1', 'arrest.recorded', '2023-12-01', { arrestId: 'A0', offences: [{ offenceId: 'O0', offenceDate: '2023-12-01', category: 'burglary' }] }, recorded('2023-12-01')),
  eventOf('P1', 'iom.adopted', '2024-01-10', { cohortId: 'iow-1', cohortType: 'fixed', reason: 'Persistent burglary' }, recorded('2024-01-10')),
  eventOf('P1', 'mappa.registered', '2024-01-10', { category: 2, level: 2, leadAgency: 'probation' }, recorded('2024-01-10')),
  eventOf('P1', 'sentence.imposed', '2024-01-15', { sentenceId: 'S1', sentenceType: 'community-order' }, recorded('2024-01-15')),
  eventOf('P1', 'custody.received', '2024-03-10', { reason: 'recall' }, recorded('2024-03-10')),
  eventOf('P1', 'conviction.recorded', '2024-05-01', { convictionId: 'C1', offences: [{ offenceId: 'O1', offenceDate: '2024-04-01', category: 'theft' }] }, recorded('2024-05-01')),
  registration('P2', '2023-01-01', recorded('2023-01-01'), { gender: 'female', dateOfBirth: '2000-01-01' }),
  eventOf('P2', 'mappa.registered', '2024-02-01', { category: 1, level: 3, leadAgency: 'police' }, recorded('2024-02-01')),
  eventOf('P2', 'mappa.level-changed', '2024-03-01', { level: 2 }, recorded('2024-03-01')),
  eventOf('P2', 'sentence.imposed', '2024-06-01', { sentenceId: 'S2', sentenceType: 'fine' }, recorded('2024-06-01')),
  registration('P3', '2023-01-01', dorset('2023-01-01')),
  eventOf('P3', 'mappa.registered', '2023-06-01', { category: 2, level: 1, leadAgency: 'probation' }, dorset('2023-06-01')),
  eventOf('P3', 'mappa.deregistered', '2024-02-15', { reason: 'Order expired' }, dorset('2024-02-15')),
  registration('P4', '2023-01-01', dorset('2023-01-01')),
  eventOf('P4', 'mappa.registered', '2024-03-01', { category: 3, level: 1, leadAgency: 'probation' }, dorset('2024-03-01')),
];

describe('ledger report --json', () => {
  let sandbox: CliSandbox;
  beforeAll(async () => {
    sandbox = await createCliSandbox();
    expect((await sandbox.run(['import', writeNdjsonFile(sandbox.tmpDir, 'history.ndjson', HISTORY)])).code).toBe(0);
  });
  afterAll(() => sandbox.cleanup());

  async function reportJson(args: string[]) {
    const run = await sandbox.run(['report', ...args, '--json']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    return JSON.parse(run.stdout);
  }

  it('mappa: the category x level table at a date', async () => {
    // Active on 2024-03-31: P1 (cat 2, L2), P2 (cat 1, now L2), P4 (cat 3, L1); P3 deregistered on 2024-02-15.
    expect(await reportJson(['mappa', '--at', '2024-03-31'])).toEqual({
      at: '2024-03-31',
      table: { '1': byLevel({ '2': 1 }), '2': byLevel({ '2': 1 }), '3': byLevel({ '1': 1 }), '4': byLevel({}) },
      totals: { byCategory: byCategory({ '1': 1, '2': 1, '3': 1 }), byLevel: byLevel({ '1': 1, '2': 2 }), all: 3 },
    });
  });

  it('mappa --area and --as-of: one area, and only what was known by then', async () => {
    // Dorset on 2024-03-31: only P4 (cat 3, L1).
    const dorsetOnly = await reportJson(['mappa', '--at', '2024-03-31', '--area', 'dorset']);
    expect(dorsetOnly.totals).toEqual({ byCategory: byCategory({ '3': 1 }), byLevel: byLevel({ '1': 1 }), all: 1 });
    // Known on 2024-02-20: P1 (cat 2, L2) and P2 still at L3 (the change to L2 was recorded on 2024-03-01); P4 not yet registered.
    const known = await reportJson(['mappa', '--at', '2024-03-31', '--as-of', '2024-02-20T00:00:00Z']);
    expect(known.table).toEqual({ '1': byLevel({ '3': 1 }), '2': byLevel({ '2': 1 }), '3': byLevel({}), '4': byLevel({}) });
    expect(known.totals.all).toBe(2);
    // A date as --as-of is the end of that London day: P2's change to L2, recorded at noon on 1 March, is known.
    const byEndOfDay = await reportJson(['mappa', '--at', '2024-03-31', '--as-of', '2024-03-01']);
    expect(byEndOfDay).toEqual({ ...(await reportJson(['mappa', '--at', '2024-03-31', '--as-of', '2024-03-01T23:59:59.999999Z'])), asOf: byEndOfDay.asOf });
    expect(byEndOfDay.table).not.toEqual((await reportJson(['mappa', '--at', '2024-03-31', '--as-of', '2024-03-01T00:00:00Z'])).table);
  });

  it('mappa-period: level 2 and 3 totals and recalls over [from, to]', async () => {
    // P1: level 2 throughout, cat 2, recalled 2024-03-10 at level 2. P2: highest level 3 (February), cat 1 then.
    expect(await reportJson(['mappa-period', '--from', '2024-01-01', '--to', '2024-03-31'])).toEqual({
      from: '2024-01-01',
      to: '2024-03-31',
      levelTotals: { '2': byCategory({ '2': 1 }), '3': byCategory({ '1': 1 }) },
      returnsToCustody: { '2': byCategory({ '2': 1 }), '3': byCategory({}) },
    });
  });

  it('reoffending: the MoJ figures with a breakdown by gender', async () => {
    // Cohort 2024: P1 (index 2024-01-15, one reoffence: offence 2024-04-01, proven 2024-05-01) and P2 (index 2024-06-01, none).
    // rate = 1 reoffender / 2 offenders = 50.00%; 1 reoffence / 1 reoffender = 1; 1 reoffence / 2 offenders = 0.5.
    expect(await reportJson(['reoffending', '--from', '2024-01-01', '--to', '2025-01-01', '--by', 'gender'])).toEqual({
      from: '2024-01-01',
      to: '2025-01-01',
      offenders: 2,
      reoffenders: 1,
      reoffences: 1,
      ratePercent: 50,
      reoffencesPerReoffender: 1,
      reoffencesPerOffender: 0.5,
      breakdown: [
        { group: 'male', offenders: 1, reoffenders: 1, reoffences: 1, ratePercent: 100, reoffencesPerReoffender: 1, reoffencesPerOffender: 1 },
        { group: 'female', offenders: 1, reoffenders: 0, reoffences: 0, ratePercent: 0, reoffencesPerReoffender: null, reoffencesPerOffender: 0 },
      ],
    });
  });

  it("iom: a cohort's arrests and proven offences before and after adoption", async () => {
    // A = 2024-01-10, E = 2024-03-10: L = min(730, 31 + 29 days) = 60; PRE = [2023-11-11, 2024-01-10), POST = [2024-01-10, 2024-03-10).
    // Arrests: 2023-12-01 in PRE, none in POST: (1 - 0) / 1 = 100%. Proven offences: none in either window (null: PRE = 0).
    const member = { arrests: { pre: 1, post: 0 }, provenOffences: { pre: 0, post: 0 }, reductionPercent: { arrests: 100, provenOffences: null } };
    expect(await reportJson(['iom', '--cohort', 'iow-1', '--at', '2024-03-10'])).toEqual({
      cohortId: 'iow-1',
      at: '2024-03-10',
      members: [{ personId: 'P1', adoptedOn: '2024-01-10', windowDays: 60, ...member }],
      cohort: member,
    });
  });

  it('prints the same figures as a table without --json', async () => {
    const run = await sandbox.run(['report', 'mappa', '--at', '2024-03-31']);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Category 1 +0 +1 +0 +1$/), expect.stringMatching(/^Total +1 +2 +0 +3$/)]),
    );
  });

  it('names the wrong option of a bad date or period (exit 2)', async () => {
    const badDate = await sandbox.run(['report', 'mappa', '--at', '2024-02-30']);
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toContain("option '--at <date>' argument '2024-02-30' is invalid");
    const reversed = await sandbox.run(['report', 'reoffending', '--from', '2025-01-01', '--to', '2024-01-01']);
    expect(reversed.code).toBe(2);
    expect(reversed.stderr).toContain('--from 2025-01-01 must be before --to 2024-01-01');
    const badAsOf = await sandbox.run(['report', 'mappa', '--as-of', 'yesterday']);
    expect(badAsOf.code).toBe(2);
    expect(badAsOf.stderr).toContain("option '--as-of <instant>' argument 'yesterday' is invalid");
  });
});
