import { roundedPercent, roundedRatio } from './rounding';

describe('rounding of reported figures', () => {
  it('rounds halves away from zero, exactly', () => {
    expect(roundedRatio(1, 8, 2)).toBe(0.13); // 0.125
    expect(roundedPercent(1, 8, 1)).toBe(12.5);
    expect(roundedPercent(1, 3, 2)).toBe(33.33); // 33.333...
    expect(roundedPercent(2, 3, 1)).toBe(66.7); // 66.666...
    expect(roundedPercent(-1, 16, 1)).toBe(-6.3); // -6.25
    expect(roundedPercent(-1, 3, 1)).toBe(-33.3);
    expect(roundedPercent(1005, 1000, 1)).toBe(100.5);
  });

  it('is null when the denominator is zero, and never negative zero', () => {
    expect(roundedRatio(5, 0, 2)).toBeNull();
    expect(Object.is(roundedPercent(-1, 100_000, 1), 0)).toBe(true); // -0.001% rounds to 0
  });
});
