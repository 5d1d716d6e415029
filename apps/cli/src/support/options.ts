import { InvalidArgumentError } from 'commander';
import { isIsoInstant, isValidDate } from '@ledger/domain/time/iso-8601';
import { AREA_SLUG } from '@ledger/domain/validation/envelope-shape';

/**
 * Option parsers for commander. Each throws InvalidArgumentError, which commander reports as
 * "option '--at <date>' argument 'x' is invalid. <reason>", so the user learns which option is wrong.
 */
export function calendarDate(value: string): string {
  if (!isValidDate(value)) throw new InvalidArgumentError('Expected a calendar date written YYYY-MM-DD, e.g. 2024-03-31.');
  return value;
}

/** "As known at": an instant, or a date meaning the end of that London day (as the API's asOf). */
export function instantOrDate(value: string): string {
  if (!isIsoInstant(value) && !isValidDate(value)) {
    throw new InvalidArgumentError('Expected an ISO-8601 instant with a time and an offset (2024-03-31T23:59:59Z), or a date YYYY-MM-DD meaning the end of that London day.');
  }
  return value;
}

export function area(value: string): string {
  if (!AREA_SLUG.test(value)) throw new InvalidArgumentError('Expected an area slug such as hampshire-iow.');
  return value;
}

export function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(parsed) || parsed < 1) throw new InvalidArgumentError('Expected a whole number of 1 or more.');
  return parsed;
}

export function wholeNumber(value: string): number {
  const parsed = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(parsed)) throw new InvalidArgumentError('Expected a whole number of 0 or more.');
  return parsed;
}
