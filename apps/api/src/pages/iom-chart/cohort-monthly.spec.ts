import type { StoredEvent } from '@ledger/domain/envelope';
import { iomCohortProgress, resolveHistory } from '@ledger/projections';
import { cohortMonthlyOffending, monthOffset } from './cohort-monthly';

let position = 0;
function event(personId: string, type: string, occurredAt: string, data: Record<string, unknown>): StoredEvent {
  position += 1;
  return { position, version: position, eventId: `e-${position}`, type, personId, occurredAt, recordedAt: '2024-08-01T00:00:00Z', area: 'hampshire-iow', data, hash: '', previousHash: null };
}
const offence = (offenceId: string, offenceDate: string) => ({ offenceId, offenceDate, category: 'burglary' });
const arrest = (personId: string, on: string) => event(personId, 'arrest.recorded', on, { arrestId: `A-${on}`, offences: [offence(`O-${on}`, on)] });

describe('monthOffset', () => {
  it('counts months from the adoption date, on the same day of each month', () => {
    expect(monthOffset('2024-01-15', '2024-01-15')).toBe(0);
    expect(monthOffset('2024-01-15', '2024-01-14')).toBe(-1);
    expect(monthOffset('2024-01-15', '2024-02-14')).toBe(0);
    expect(monthOffset('2024-01-15', '2024-02-15')).toBe(1);
    expect(monthOffset('2024-01-15', '2023-08-01')).toBe(-6); // 15 July 2023 <= 1 August < 15 August
    // 31 January + 1 month is 29 February (the last day), so 1 March is already month 1.
    expect(monthOffset('2024-01-31', '2024-03-01')).toBe(1);
  });
});

describe('cohortMonthlyOffending', () => {
  const events = [
    // Member 1: adopted 15 January 2024 by the panel. At 15 July 2024, L = 182 days: PRE from 17 July 2023.
    event('P-1', 'iom.adopted', '2024-01-15', { cohortId: 'C-1', cohortType: 'fixed', reason: 'Neighbourhood crime: persistent burglary' }),
    arrest('P-1', '2023-01-01'), // before PRE: not counted
    arrest('P-1', '2023-08-01'), // month -6
    arrest('P-1', '2024-01-14'), // month -1
    arrest('P-1', '2024-02-20'), // month 1
    event('P-1', 'conviction.recorded', '2024-03-01', { convictionId: 'C-1', offences: [offence('O-2024-01-14', '2024-01-14')] }), // proven, month -1
    // Member 2: adopted automatically on 1 April 2024; L = 105 days.
    event('P-2', 'iom.adopted', '2024-04-01', { cohortId: 'C-1', cohortType: 'fixed', reason: 'Automatic: MAPPA category 2 at level 2' }),
    arrest('P-2', '2024-04-10'), // month 0
  ];
  const resolved = resolveHistory(events);
  const monthly = cohortMonthlyOffending(resolved, 'C-1', '2024-07-15')!;
  const byOffset = Object.fromEntries(monthly.months.map((month) => [month.offset, month]));

  it('puts each arrest and proven offence in its month relative to the member\'s own adoption', () => {
    expect(byOffset[-6]).toMatchObject({ arrests: 1, provenOffences: 0 });
    expect(byOffset[-1]).toMatchObject({ arrests: 1, provenOffences: 1 });
    expect(byOffset[0]).toMatchObject({ arrests: 1, provenOffences: 0 }); // P-2's arrest
    expect(byOffset[1]).toMatchObject({ arrests: 1, provenOffences: 0 });
  });

  it('adds up to the PRE and POST figures of the cohort progress', () => {
    const progress = iomCohortProgress(resolved, 'C-1', '2024-07-15')!;
    const sum = (pick: (m: (typeof monthly.months)[number]) => number, before: boolean) =>
      monthly.months.filter((m) => (m.offset < 0) === before).reduce((total, m) => total + pick(m), 0);
    // Arrests PRE: 2023-08-01 and 2024-01-14 = 2; POST: 2024-02-20 and P-2's 2024-04-10 = 2.
    expect(progress.cohort.arrests).toEqual({ pre: 2, post: 2 });
    expect({ pre: sum((m) => m.arrests, true), post: sum((m) => m.arrests, false) }).toEqual(progress.cohort.arrests);
    expect({ pre: sum((m) => m.provenOffences, true), post: sum((m) => m.provenOffences, false) }).toEqual(progress.cohort.provenOffences);
  });

  it('says how many members are tracked in each month', () => {
    // P-1's window runs from month -6 (17 July 2023) to month 5; P-2's (105 days) from month -4 to month 3.
    expect(byOffset[-6].membersTracked).toBe(1);
    expect(byOffset[-1].membersTracked).toBe(2);
    expect(byOffset[5].membersTracked).toBe(1);
    expect(monthly.months.map((m) => m.offset)).toEqual([-6, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5]);
  });

  it('lists who was adopted, when, why, and whether by the automatic rule', () => {
    expect(monthly.adoptions).toEqual([
      { personId: 'P-1', adoptedOn: '2024-01-15', cohortType: 'fixed', reason: 'Neighbourhood crime: persistent burglary', automatic: false },
      { personId: 'P-2', adoptedOn: '2024-04-01', cohortType: 'fixed', reason: 'Automatic: MAPPA category 2 at level 2', automatic: true },
    ]);
  });

  it('knows no cohort nobody was adopted onto', () => {
    expect(cohortMonthlyOffending(resolved, 'C-unknown', '2024-07-15')).toBeNull();
  });
});
