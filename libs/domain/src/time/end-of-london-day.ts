import { addDays, londonDate } from './london';

const HOUR_MS = 3_600_000;

/**
 * The last instant of London calendar day `date`, as an ISO-8601 UTC instant: "as known at D" in
 * the pages and the chronology pack means everything recorded by the end of that day. The store
 * compares instants, so a bare date would silently mean midnight UTC at the start of the day.
 */
export function endOfLondonDay(date: string): string {
  const nextDay = addDays(date, 1);
  const utcMidnight = Date.parse(`${nextDay}T00:00:00Z`);
  // London is UTC+0 or UTC+1: its midnight is the candidate that already falls on the next day.
  for (const offsetHours of [1, 0]) {
    const londonMidnight = utcMidnight - offsetHours * HOUR_MS;
    // The last microsecond before it: instants are kept to the microsecond (see normaliseInstant).
    if (londonDate(new Date(londonMidnight).toISOString()) === nextDay) return `${new Date(londonMidnight - 1).toISOString().slice(0, 23)}999Z`;
  }
  throw new RangeError(`cannot find the end of London day ${date}`);
}
