/**
 * numerator / denominator rounded to `decimals` places, half away from zero, computed in integers
 * so that 1/8 = 0.125 rounds to 0.13 exactly rather than by the accident of a binary fraction.
 * Null when the denominator is 0 (the measure is undefined, not zero).
 */
export function roundedRatio(numerator: number, denominator: number, decimals: number): number | null {
  if (denominator === 0) return null;
  const scale = 10 ** decimals;
  const scaled = Math.abs(numerator) * scale;
  const divisor = Math.abs(denominator);
  const dividend = 2 * scaled + divisor;
  const rounded = (dividend - (dividend % (2 * divisor))) / (2 * divisor);
  const negative = numerator < 0 !== denominator < 0 && rounded !== 0;
  return (negative ? -rounded : rounded) / scale;
}

/** part / whole x 100 rounded to `decimals` places; null when whole is 0. */
export function roundedPercent(part: number, whole: number, decimals: number): number | null {
  return roundedRatio(part * 100, whole, decimals);
}
