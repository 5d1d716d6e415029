import { addDays, addMonths, addWeeks, daysBetween, isValidDate, londonDate, todayInLondon } from './london';
import { isDateOrInstant, isIsoInstant } from './iso-8601';

describe('londonDate', () => {
  it.each([
    // British Summer Time (UTC+1): 23:30 UTC is 00:30 the next day in London.
    ['2024-06-30T23:30:00Z', '2024-07-01'],
    // Greenwich Mean Time (UTC+0) in winter: 23:30 UTC is still the same day.
    ['2024-01-31T23:30:00Z', '2024-01-31'],
    // Clocks went forward at 01:00 UTC on Sunday 31 March 2024: 23:30 UTC on the Saturday is GMT.
    ['2024-03-30T23:30:00Z', '2024-03-30'],
    // ...and 23:30 UTC on the Sunday is BST, already Monday 1 April in London.
    ['2024-03-31T23:30:00Z', '2024-04-01'],
    // Clocks went back at 01:00 UTC on Sunday 27 October 2024: 23:30 UTC on the Saturday is BST.
    ['2024-10-26T23:30:00Z', '2024-10-27'],
    // ...and 23:30 UTC on the Sunday is GMT again, still the Sunday.
    ['2024-10-27T23:30:00Z', '2024-10-27'],
    // An explicit offset is honoured: 00:30+02:00 is 22:30 UTC the previous day, 23:30 BST.
    ['2024-07-01T00:30:00+02:00', '2024-06-30'],
    ['2024-02-29', '2024-02-29'],
  ])('%s is %s in London', (input, expected) => {
    expect(londonDate(input)).toBe(expected);
  });

  it('refuses something that is neither a date nor an instant', () => {
    expect(() => londonDate('2023-02-30')).toThrow(RangeError);
    expect(() => londonDate('yesterday')).toThrow(RangeError);
  });

  it('takes today on the London calendar', () => {
    expect(todayInLondon(new Date('2024-06-30T23:30:00Z'))).toBe('2024-07-01');
  });
});

describe('addMonths: the same day N months later, or the last day of that month', () => {
  it.each([
    ['2024-02-29', 12, '2025-02-28'], // 2025 is not a leap year
    ['2023-01-31', 1, '2023-02-28'],
    ['2024-01-31', 1, '2024-02-29'], // 2024 is a leap year
    ['2024-03-15', 18, '2025-09-15'],
    ['2024-12-31', 2, '2025-02-28'], // across the year end
    ['2024-03-31', -1, '2024-02-29'],
  ])('%s + %i months = %s', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });
});

describe('day arithmetic', () => {
  it('adds days across month, year and leap-day boundaries', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2024-03-01', -731)).toBe('2022-03-01'); // 366 (back over 29 Feb 2024) + 365
  });

  it('adds weeks (MAPPA review cycles of 8 and 16 weeks)', () => {
    expect(addWeeks('2024-01-01', 8)).toBe('2024-02-26'); // 56 days: 30 left in January + 26
    expect(addWeeks('2024-01-01', 16)).toBe('2024-04-22'); // 112 days: 31 + 29 + 31 + 21
  });

  it('counts whole days between dates, unaffected by the clock change on 31 March 2024', () => {
    expect(daysBetween('2024-03-30', '2024-04-01')).toBe(2);
    expect(daysBetween('2023-03-01', '2024-03-01')).toBe(366); // includes 29 February 2024
    expect(daysBetween('2024-03-01', '2023-03-01')).toBe(-366);
  });

  it('refuses impossible dates rather than rolling them over', () => {
    expect(() => addDays('2023-02-30', 1)).toThrow(RangeError);
  });
});

describe('ISO-8601 shapes', () => {
  it.each([
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['2023-02-30', false],
    ['2023-13-01', false],
    ['2023-1-01', false],
    ['2023-04-31', false],
  ])('isValidDate(%s) is %s', (value, expected) => {
    expect(isValidDate(value)).toBe(expected);
  });

  it.each([
    ['2024-06-30T23:30:00Z', true],
    ['2024-06-30T23:30:00.123Z', true],
    ['2024-06-30T23:30+01:00', true],
    ['2024-06-30T23:30:00', false], // no offset: which clock?
    ['2024-06-30T24:00:00Z', false],
    ['2023-02-30T10:00:00Z', false],
    ['2024-06-30', false],
  ])('isIsoInstant(%s) is %s', (value, expected) => {
    expect(isIsoInstant(value)).toBe(expected);
  });

  it('accepts either shape for occurredAt, and nothing else', () => {
    expect(isDateOrInstant('2024-06-30')).toBe(true);
    expect(isDateOrInstant('2024-06-30T23:30:00Z')).toBe(true);
    expect(isDateOrInstant(20240630)).toBe(false);
    expect(isDateOrInstant('30/06/2024')).toBe(false);
  });
});
