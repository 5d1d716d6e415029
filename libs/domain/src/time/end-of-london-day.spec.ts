import { endOfLondonDay } from './end-of-london-day';

describe('endOfLondonDay', () => {
  it('ends a winter day at 23:59:59.999999 UTC (London is on GMT)', () => {
    expect(endOfLondonDay('2024-01-15')).toBe('2024-01-15T23:59:59.999999Z');
  });

  it('ends a summer day an hour earlier in UTC (London is on BST, UTC+1)', () => {
    expect(endOfLondonDay('2024-07-15')).toBe('2024-07-15T22:59:59.999999Z');
  });

  it('handles the days the clocks change', () => {
    // 31 March 2024: clocks go forward at 01:00 UTC, so the day ends at 23:00 UTC (midnight BST).
    expect(endOfLondonDay('2024-03-31')).toBe('2024-03-31T22:59:59.999999Z');
    // 27 October 2024: clocks go back, so the day ends at midnight GMT.
    expect(endOfLondonDay('2024-10-27')).toBe('2024-10-27T23:59:59.999999Z');
  });
});
