/**
 * The London calendar for the measures: the shared helpers of @ledger/domain/time, plus age in
 * full years.
 */
export { addDays, addMonths, daysBetween, isValidDate, londonDate } from '@ledger/domain/time/london';

/** Full years of age on `onDate` for someone born on `birthDate`; a 29 February birthday comes on 1 March in other years. */
export function ageInYears(birthDate: string, onDate: string): number {
  const [birthYear, birthMonth, birthDay] = birthDate.split('-').map(Number);
  const [year, month, day] = onDate.split('-').map(Number);
  const hadBirthday = month > birthMonth || (month === birthMonth && day >= birthDay);
  return year - birthYear - (hadBirthday ? 0 : 1);
}
