/**
 * The London calendar for the measures: the shared helpers of @ledger/domain/time, plus a fast
 * path for londonDate (the measures take the London date of every event, a million at a time) and
 * age in full years.
 */
import { isValidDate, londonDate as londonDateByTimeZone } from '@ledger/domain/time/london';

export { addDays, addMonths, daysBetween, isValidDate } from '@ledger/domain/time/london';

/** The London calendar date of an ISO instant; a bare date is returned unchanged. */
export function londonDate(dateOrInstant: string): string {
  if (dateOrInstant.length === 10 && isValidDate(dateOrInstant)) return dateOrInstant;
  const utcHour = utcHourOf(dateOrInstant);
  // London is never behind UTC nor more than two hours ahead, so before 22:00 UTC its date is
  // the UTC date; only late evenings need the time-zone database (much slower).
  if (utcHour !== undefined && utcHour.hour < 22) return utcHour.utcDate;
  return londonDateByTimeZone(dateOrInstant);
}

/** The UTC date and hour of an instant; undefined for a bare date or text that is not an instant. */
function utcHourOf(instant: string): { utcDate: string; hour: number } | undefined {
  // The usual shape, YYYY-MM-DDThh:mm...Z, is read without parsing it (stored events were validated on the way in).
  if (instant.length > 13 && instant[10] === 'T' && instant.endsWith('Z')) {
    return { utcDate: instant.slice(0, 10), hour: Number(instant.slice(11, 13)) };
  }
  const ms = instant.length > 10 ? Date.parse(instant) : Number.NaN;
  if (Number.isNaN(ms)) return undefined;
  const iso = new Date(ms).toISOString();
  return { utcDate: iso.slice(0, 10), hour: Number(iso.slice(11, 13)) };
}

/** Full years of age on `onDate` for someone born on `birthDate`; a 29 February birthday comes on 1 March in other years. */
export function ageInYears(birthDate: string, onDate: string): number {
  const [birthYear, birthMonth, birthDay] = birthDate.split('-').map(Number);
  const [year, month, day] = onDate.split('-').map(Number);
  const hadBirthday = month > birthMonth || (month === birthMonth && day >= birthDay);
  return year - birthYear - (hadBirthday ? 0 : 1);
}
