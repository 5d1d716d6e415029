import { addDays, addMonths, ageInYears, daysBetween, londonDate } from './london-dates';

describe('London calendar dates', () => {
  it('takes an instant on its London date, in summer time and in winter', () => {
    expect(londonDate('2024-06-30T23:30:00Z')).toBe('2024-07-01'); // BST: 23:30 UTC = 00:30 on 1 July
    expect(londonDate('2024-01-31T23:30:00Z')).toBe('2024-01-31'); // GMT: London = UTC
    expect(londonDate('2024-03-31T00:30:00Z')).toBe('2024-03-31'); // clocks go forward at 01:00 UTC
    expect(londonDate('2024-10-26T23:30:00Z')).toBe('2024-10-27'); // still BST until 27 Oct 01:00 UTC
    expect(londonDate('2024-10-27T23:30:00Z')).toBe('2024-10-27'); // back on GMT
    expect(londonDate('2024-07-01T00:30:00+01:00')).toBe('2024-07-01');
    expect(londonDate('2024-07-01')).toBe('2024-07-01');
  });

  it('rejects text that is not a date', () => {
    expect(() => londonDate('last Tuesday')).toThrow(RangeError);
  });

  it('adds months keeping the day, or the last day of a shorter month', () => {
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28'); // 2025 has no 29 February
    expect(addMonths('2024-02-29', 18)).toBe('2025-08-29');
    expect(addMonths('2023-08-31', 18)).toBe('2025-02-28');
    expect(addMonths('2022-08-29', 18)).toBe('2024-02-29'); // 2024 is a leap year
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2024-03-31', -1)).toBe('2024-02-29');
    expect(addMonths('2023-12-15', 1)).toBe('2024-01-15');
  });

  it('adds and counts days across leap days', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-03-01', -730)).toBe('2022-03-02'); // 2022-03-02 -> 2023-03-02 is 365, -> 2024-03-01 is 365 more (29 Feb in between)
    expect(daysBetween('2024-07-01', '2024-10-01')).toBe(92); // 31 + 31 + 30
    expect(daysBetween('2024-10-01', '2024-07-01')).toBe(-92);
  });

  it('counts age in full years; a 29 February birthday comes on 1 March in other years', () => {
    expect(ageInYears('2000-02-29', '2018-02-28')).toBe(17);
    expect(ageInYears('2000-02-29', '2018-03-01')).toBe(18);
    expect(ageInYears('1990-06-15', '2024-06-14')).toBe(33);
    expect(ageInYears('1990-06-15', '2024-06-15')).toBe(34);
  });
});
