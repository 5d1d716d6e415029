import { londonDate as sharedLondonDate } from '@ledger/domain/time/london';
import { ageInYears, londonDate } from './london-dates';

describe('London dates of instants (fast path)', () => {
  it('takes an instant on its London date, in summer time and in winter', () => {
    expect(londonDate('2024-06-30T23:30:00Z')).toBe('2024-07-01'); // BST: 23:30 UTC = 00:30 on 1 July
    expect(londonDate('2024-01-31T23:30:00Z')).toBe('2024-01-31'); // GMT: London = UTC
    expect(londonDate('2024-03-31T00:30:00Z')).toBe('2024-03-31'); // clocks go forward at 01:00 UTC
    expect(londonDate('2024-10-26T23:30:00Z')).toBe('2024-10-27'); // still BST until 27 Oct 01:00 UTC
    expect(londonDate('2024-10-27T23:30:00Z')).toBe('2024-10-27'); // back on GMT
    expect(londonDate('2024-07-01T00:30:00+01:00')).toBe('2024-07-01');
    expect(londonDate('2024-07-01')).toBe('2024-07-01');
  });

  it('agrees with the shared time-zone helper at every half hour of a summer and a winter day', () => {
    for (const day of ['2024-07-15', '2024-12-15', '2024-03-30', '2024-10-26']) {
      for (let halfHours = 0; halfHours < 48; halfHours++) {
        const instant = new Date(Date.parse(`${day}T00:00:00Z`) + halfHours * 1_800_000).toISOString();
        expect(londonDate(instant)).toBe(sharedLondonDate(instant));
      }
    }
  });

  it('rejects text that is not a date', () => {
    expect(() => londonDate('last Tuesday')).toThrow(RangeError);
    expect(() => londonDate('2023-02-29')).toThrow(RangeError);
  });
});

describe('age in full years', () => {
  it('counts birthdays; a 29 February birthday comes on 1 March in other years', () => {
    expect(ageInYears('2000-02-29', '2018-02-28')).toBe(17);
    expect(ageInYears('2000-02-29', '2018-03-01')).toBe(18);
    expect(ageInYears('1990-06-15', '2024-06-14')).toBe(33);
    expect(ageInYears('1990-06-15', '2024-06-15')).toBe(34);
  });
});
