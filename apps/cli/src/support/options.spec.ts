import { InvalidArgumentError } from 'commander';
import { calendarDate, instant, positiveInteger } from './options';

describe('option parsers', () => {
  it('take real calendar dates only', () => {
    expect(calendarDate('2024-02-29')).toBe('2024-02-29');
    expect(() => calendarDate('2023-02-29')).toThrow(InvalidArgumentError);
    expect(() => calendarDate('31/03/2024')).toThrow(InvalidArgumentError);
  });

  it('take instants with an explicit offset only', () => {
    expect(instant('2024-03-31T23:59:59+01:00')).toBe('2024-03-31T23:59:59+01:00');
    expect(() => instant('2024-03-31T23:59:59')).toThrow(InvalidArgumentError);
    expect(() => instant('2024-03-31')).toThrow(InvalidArgumentError);
  });

  it('take whole numbers of 1 or more', () => {
    expect(positiveInteger('1000')).toBe(1000);
    for (const bad of ['0', '-1', '1.5', '1e3', '']) expect(() => positiveInteger(bad)).toThrow(InvalidArgumentError);
  });
});
