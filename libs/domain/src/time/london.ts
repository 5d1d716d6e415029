/**
 * Calendar arithmetic in Europe/London, as domain.md defines it: an instant counts on its London
 * date (so 23:30 UTC on a summer evening is already the next day), and "N months after D" is the
 * same day N months later or the last day of that month. Dates are `YYYY-MM-DD` strings throughout;
 * the arithmetic runs on whole days since the epoch so no time zone or clock change can leak in.
 */
import { daysInMonth, isValidDate } from './iso-8601';

export { isValidDate } from './iso-8601';

const MS_PER_DAY = 86_400_000;

const LONDON_CALENDAR = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The London calendar date of a date or instant; a plain `YYYY-MM-DD` date passes through. */
export function londonDate(dateOrInstant: string): string {
  if (isValidDate(dateOrInstant)) return dateOrInstant;
  const instant = new Date(dateOrInstant);
  if (/^\d{4}-\d{2}-\d{2}$/.test(dateOrInstant) || Number.isNaN(instant.getTime())) {
    throw new RangeError(`not a date or instant: ${JSON.stringify(dateOrInstant)}`);
  }
  // London is never behind UTC nor more than an hour ahead of it, so before 22:00 UTC its date
  // is the UTC date: only late evenings need the time-zone database (much slower, and the
  // measures take the London date of every event, millions at a time).
  const utc = instant.toISOString();
  if (Number(utc.slice(11, 13)) < 22) return utc.slice(0, 10);
  // London's offset from UTC is whole hours and changes only on the hour, so the UTC date and hour
  // decide the London date: each such hour goes to the time-zone database once.
  const hour = utc.slice(0, 13);
  let date = LATE_EVENING_DATES.get(hour);
  if (date === undefined) {
    const parts = Object.fromEntries(LONDON_CALENDAR.formatToParts(instant).map((p) => [p.type, p.value]));
    date = `${parts.year}-${parts.month}-${parts.day}`;
    if (LATE_EVENING_DATES.size >= 100_000) LATE_EVENING_DATES.clear();
    LATE_EVENING_DATES.set(hour, date);
  }
  return date;
}

/** London dates of UTC hours from 22:00 (`YYYY-MM-DDTHH`), as the time-zone database gave them. */
const LATE_EVENING_DATES = new Map<string, string>();

/** Today's date in London (`now` is injectable for tests and "as known at" views). */
export function todayInLondon(now: Date = new Date()): string {
  return londonDate(now.toISOString());
}

export function addDays(date: string, days: number): string {
  return fromEpochDay(toEpochDay(date) + days);
}

export function addWeeks(date: string, weeks: number): string {
  return addDays(date, weeks * 7);
}

/** The same day N months later (or earlier, for negative N), or the last day of that month. */
export function addMonths(date: string, months: number): string {
  const [year, month, day] = parseDate(date);
  const monthIndex = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(monthIndex / 12);
  const targetMonth = monthIndex - targetYear * 12 + 1;
  return formatDate(targetYear, targetMonth, Math.min(day, daysInMonth(targetYear, targetMonth)));
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return toEpochDay(to) - toEpochDay(from);
}

function parseDate(date: string): [number, number, number] {
  if (!isValidDate(date)) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  const [year, month, day] = date.split('-').map(Number);
  return [year, month, day];
}

function toEpochDay(date: string): number {
  const [year, month, day] = parseDate(date);
  const utc = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not read years 0-99 as 1900-1999.
  utc.setUTCFullYear(year, month - 1, day);
  return Math.round(utc.getTime() / MS_PER_DAY);
}

function fromEpochDay(epochDay: number): string {
  const utc = new Date(epochDay * MS_PER_DAY);
  return formatDate(utc.getUTCFullYear(), utc.getUTCMonth() + 1, utc.getUTCDate());
}

function formatDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
