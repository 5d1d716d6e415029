/**
 * The two ISO-8601 shapes the interchange format allows: a calendar date (`YYYY-MM-DD`) and an
 * instant (date, time and an explicit offset). Checked by hand rather than with `Date.parse`,
 * which silently rolls 2023-02-30 over to 2 March and reads zone-less times in local time.
 */

const PLAIN_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/** A real calendar date written `YYYY-MM-DD` (so 2024-02-29 yes, 2023-02-29 no). */
export function isValidDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = PLAIN_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** An instant: a valid date, a time of day and `Z` or a `±hh:mm` offset (no zone-less local times). */
export function isIsoInstant(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = INSTANT.exec(value);
  if (!match) return false;
  const [, date, hours, minutes, seconds = '00', offsetHours = '00', offsetMinutes = '00'] = match;
  return (
    isValidDate(date) &&
    Number(hours) <= 23 &&
    Number(minutes) <= 59 &&
    Number(seconds) <= 59 &&
    Number(offsetHours) <= 23 &&
    Number(offsetMinutes) <= 59
  );
}

/** What `occurredAt` may be: a calendar date or an instant. */
export function isDateOrInstant(value: unknown): value is string {
  return isValidDate(value) || isIsoInstant(value);
}

/** Days in a month (1-12) of a proleptic Gregorian year. */
export function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}
