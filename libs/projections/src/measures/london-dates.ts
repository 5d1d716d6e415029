/**
 * The London calendar for the measures: the shared helpers of @ledger/domain/time, plus a fast
 * path for londonDate (the measures take the London date of every event, a million at a time) and
 * age in full years.
 */
import { londonDate as londonDateByTimeZone } from '@ledger/domain/time/london';

export { addDays, addMonths, daysBetween, isValidDate } from '@ledger/domain/time/london';

/** The London calendar date of an ISO instant; a bare date is returned unchanged. */
export function londonDate(dateOrInstant: string): string {
  const ms = dateOrInstant.length > 10 ? Date.parse(dateOrInstant) : Number.NaN;
  if (!Number.isNaN(ms)) {
    const utc = new Date(ms);
    // London is never behind UTC nor more than two hours ahead, so before 22:00 UTC its date is
    // the UTC date; only late evenings need the time-zone database (much slower).
    if (utc.getUTCHours() < 22) return utc.toISOString().slice(0, 10);
  }
  return londonDateByTimeZone(dateOrInstant);
}

/** Full years of age on `onDate` for someone born on `birthDate`; a 29 February birthday comes on 1 March in other years. */
export function ageInYears(birthDate: string, onDate: string): number {
  const [birthYear, birthMonth, birthDay] = birthDate.split('-').map(Number);
  const [year, month, day] = onDate.split('-').map(Number);
  const hadBirthday = month > birthMonth || (month === birthMonth && day >= birthDay);
  return year - birthYear - (hadBirthday ? 0 : 1);
}
