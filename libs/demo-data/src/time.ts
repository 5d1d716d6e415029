/** Instants are handled as UTC epoch milliseconds, always whole seconds, and formatted only at the edge. */
export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
export const WEEK = 7 * DAY;
export const YEAR = 365.25 * DAY;

/** `2024-03-05T14:07:00Z`: seconds precision keeps the NDJSON short and the same on every platform. */
export function toInstant(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** `2024-03-05` (the UTC calendar date of the instant). */
export function toDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function parseInstant(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO-8601 instant: ${iso}`);
  return ms;
}

export function startOfDay(ms: number): number {
  return Math.floor(ms / DAY) * DAY;
}

/** Rounds down to a whole second, so formatting never loses information. */
export function wholeSeconds(ms: number): number {
  return Math.floor(ms / SECOND) * SECOND;
}

export function utcYear(ms: number): number {
  return new Date(ms).getUTCFullYear();
}

/** The same day, or the Monday after when it falls on a weekend: courts sit on weekdays. */
export function weekdayOnOrAfter(ms: number): number {
  const day = new Date(ms).getUTCDay();
  return ms + (day === 6 ? 2 : day === 0 ? 1 : 0) * DAY;
}

export interface Quarter {
  year: number;
  /** 1 to 4: calendar quarters, as the cohort ids use them (`hampshire-iow-2024-q1`). */
  quarter: number;
}

export function quarterOf(ms: number): Quarter {
  const date = new Date(ms);
  return { year: date.getUTCFullYear(), quarter: Math.floor(date.getUTCMonth() / 3) + 1 };
}

export function quarterStart({ year, quarter }: Quarter): number {
  return Date.UTC(year, (quarter - 1) * 3, 1);
}

export function addQuarters({ year, quarter }: Quarter, count: number): Quarter {
  const index = year * 4 + (quarter - 1) + count;
  return { year: Math.floor(index / 4), quarter: (index % 4) + 1 };
}
