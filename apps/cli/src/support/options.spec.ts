import { InvalidArgumentError } from 'commander';
import { calendarDate, instantOrDate, positiveInteger } from './options';

describe('option parsers', () => {
  it('take real calendar dates only', () => {
    expect(calendarDate('2024-02-29')).toBe('2024-02-29');
    expect(() => calendarDate('2023-02-29')).toThrow(InvalidArgumentError);
    expect(() => calendarDate('31/03/2024')).toThrow(InvalidArgumentError);
  });

  it('take as "as known at" an instant with an explicit offset, or a real calendar date', () => {
    expect(instantOrDate('2024-03-31T23:59:59+01:00')).toBe('2024-03-31T23:59:59+01:00');
    expect(instantOrDate('2024-03-31')).toBe('2024-03-31');
    for (const bad of ['2024-03-31T23:59:59', '2023-02-29', 'yesterday']) expect(() => instantOrDate(bad)).toThrow(InvalidArgumentError);
  });

  it('take whole numbers of 1 or more', () => {
    expect(positiveInteger('1000')).toBe(1000);
    for (const bad of ['0', '-1', '1.5', '1e3', '']) expect(() => positiveInteger(bad)).toThrow(InvalidArgumentError);
  });
});
