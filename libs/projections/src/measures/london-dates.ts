/**
 * Calendar arithmetic on Europe/London dates (YYYY-MM-DD), as domain.md defines it: an instant is
 * taken on its London date, and "N months after D" is the same day N months later, or the last
 * day of that month when it has no such day.
 *
 * Kept local to the measures until libs/domain/src/time/london.ts exists; the names match it.
 */

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const MS_PER_DAY = 86_400_000;

const londonFormatter = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

export function isDateOnly(value: string): boolean {
  return DATE_ONLY.test(value);
}

/** The London calendar date of an ISO instant; a bare date is returned unchanged. */
export function londonDate(instantOrDate: string): string {
  if (isDateOnly(instantOrDate)) return instantOrDate;
  const ms = Date.parse(instantOrDate);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO-8601 date or instant: ${instantOrDate}`);
  const utc = new Date(ms);
  // London is never more than two hours ahead of UTC (and never behind it), so before 22:00 UTC
  // the London date is the UTC date; only late evenings need the time-zone database (slower).
  if (utc.getUTCHours() < 22) return utc.toISOString().slice(0, 10);
  return londonFormatter.format(utc);
}

function toUtcMs(date: string): number {
  if (!isDateOnly(date)) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  return Date.parse(`${date}T00:00:00Z`);
}

function fromUtcMs(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return fromUtcMs(toUtcMs(date) + days * MS_PER_DAY);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((toUtcMs(to) - toUtcMs(from)) / MS_PER_DAY);
}

export function addMonths(date: string, months: number): string {
  const [year, month, day] = date.split('-').map(Number);
  if (!isDateOnly(date)) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  const monthIndex = month - 1 + months;
  const targetYear = year + Math.floor(monthIndex / 12);
  const targetMonth = ((monthIndex % 12) + 12) % 12;
  // Day 0 of the following month is the last day of the target month.
  const lastDay = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate();
  return fromUtcMs(Date.UTC(targetYear, targetMonth, Math.min(day, lastDay)));
}

/** Full years of age on `onDate` for someone born on `birthDate`. */
export function ageInYears(birthDate: string, onDate: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [y, m, d] = onDate.split('-').map(Number);
  const hadBirthday = m > bm || (m === bm && d >= bd);
  return y - by - (hadBirthday ? 0 : 1);
}
