import { instantMicros, isFinerThanMicroseconds, normaliseInstant } from './instant';

describe('instants to the microsecond', () => {
  it.each([
    ['2024-04-01T12:00:00Z', '2024-04-01T12:00:00.000Z'],
    ['2024-04-01T13:00:00.5+01:00', '2024-04-01T12:00:00.500Z'],
    ['2024-04-01T12:00:00.123000Z', '2024-04-01T12:00:00.123Z'],
    ['2024-04-01T12:00:00.000500Z', '2024-04-01T12:00:00.000500Z'],
    ['2024-04-01T13:00:00.1234567+01:00', '2024-04-01T12:00:00.123456Z'],
    ['2024-10-27T01:30:00.999999+01:00', '2024-10-27T00:30:00.999999Z'],
  ])('writes %s as %s', (written, stored) => {
    expect(normaliseInstant(written)).toBe(stored);
    expect(normaliseInstant(stored)).toBe(stored);
  });

  it('orders instants within a millisecond, and equal instants however written', () => {
    expect(instantMicros('2024-04-01T12:00:00.000500Z')).toBeGreaterThan(instantMicros('2024-04-01T12:00:00Z'));
    expect(instantMicros('2024-04-01T12:00:00.000500Z')).toBeLessThan(instantMicros('2024-04-01T12:00:00.001Z'));
    expect(instantMicros('2024-04-01T13:00:00.0005+01:00')).toBe(instantMicros('2024-04-01T12:00:00.000500Z'));
    expect(instantMicros('2024-04-01T12:00:00.000500Z') - instantMicros('2024-04-01T12:00:00.000499Z')).toBe(1);
  });

  it('tells an instant finer than a microsecond', () => {
    expect(isFinerThanMicroseconds('2024-04-01T12:00:00.123456Z')).toBe(false);
    expect(isFinerThanMicroseconds('2024-04-01T12:00:00.123456000Z')).toBe(false);
    expect(isFinerThanMicroseconds('2024-04-01T12:00:00.123456001Z')).toBe(true);
    expect(isFinerThanMicroseconds('2024-04-01T12:00:00Z')).toBe(false);
  });
});
