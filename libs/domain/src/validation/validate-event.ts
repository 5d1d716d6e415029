/**
 * Validation of a submitted event (one NDJSON line, one element of POST /api/events) against the
 * envelope and the catalogue. Every problem is reported, each with its full path, so a writer can
 * fix a whole file in one go. Strict: unknown fields are rejected and nothing is coerced.
 */
import { plainToInstance } from 'class-transformer';
import { ValidatorOptions, validateSync } from 'class-validator';
import { EVENT_CATALOGUE, isEventType } from '../catalogue';
import type { NewEvent } from '../envelope';
import { isDateOrInstant, isValidDate } from '../time/iso-8601';
import { isFinerThanMicroseconds, normaliseInstant } from '../time/instant';
import { NewEventEnvelope } from './envelope-shape';
import { rememberValidationRules } from './metadata-cache';
import { ValidationProblem, toProblems } from './problems';

rememberValidationRules();

export type { ValidationProblem } from './problems';

const STRICT: ValidatorOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  // toProblems reads each error's target to tell an array element ([0]) from a field (.name).
  validationError: { target: true, value: false },
};

export function validateNewEvent(raw: unknown): ValidationProblem[] {
  if (!isPlainObject(raw)) return [{ path: '', message: 'an event must be a JSON object' }];
  const { clean: event, problems } = withoutSpecialKeys(raw, '');
  problems.push(...validateAgainst(NewEventEnvelope, event, ''));
  if (isEventType(event.type) && isPlainObject(event.data)) {
    problems.push(...validateAgainst(EVENT_CATALOGUE[event.type].dataClass, event.data, 'data'));
  }
  problems.push(...instantsFinerThanMicroseconds(event));
  return problems;
}

/** Instants are kept to the microsecond (PostgreSQL keeps no more): a finer one is refused, not silently cut. */
function instantsFinerThanMicroseconds(event: Record<string, unknown>): ValidationProblem[] {
  const data = isPlainObject(event.data) ? event.data : {};
  const instants: [string, unknown][] = [['occurredAt', event.occurredAt], ['recordedAt', event.recordedAt]];
  if (event.type === 'record.corrected') instants.push(['data.occurredAt', data.occurredAt]);
  return instants
    .filter(([, value]) => isDateOrInstant(value) && isFinerThanMicroseconds(value))
    .map(([path, value]) => ({ path, message: `${path} is more precise than a microsecond, which is as far as the ledger keeps instants: ${String(value)}` }));
}

/**
 * Checks a record.corrected's replacement data against its TARGET's type, which only the stream
 * knows; the recording service calls this once it has found the target.
 */
export function validateCorrectionData(targetType: string, data: unknown, pathPrefix = 'data.data'): ValidationProblem[] {
  if (!isEventType(targetType)) return [{ path: pathPrefix, message: `the target's type "${targetType}" is not in the catalogue` }];
  if (!isPlainObject(data)) return [{ path: pathPrefix, message: `${pathPrefix} must be an object` }];
  const { clean, problems } = withoutSpecialKeys(data, pathPrefix);
  return [...problems, ...validateAgainst(EVENT_CATALOGUE[targetType].dataClass, clean, pathPrefix)];
}

/**
 * The form the ledger stores: `occurredAt` stays `YYYY-MM-DD` when it is a date and becomes a UTC
 * instant with milliseconds (microseconds when it has any, see normaliseInstant) otherwise; `recordedAt` (and a correction's replacement `occurredAt`)
 * likewise. Idempotent, so exporting and re-importing yields the same content and hashes.
 */
export function normaliseNewEvent(event: NewEvent): NewEvent {
  const normalised: NewEvent = { ...event, occurredAt: normaliseDateOrInstant(event.occurredAt) };
  if (event.recordedAt !== undefined) normalised.recordedAt = normaliseInstant(event.recordedAt);
  if (event.type === 'record.corrected' && typeof event.data.occurredAt === 'string') {
    normalised.data = { ...event.data, occurredAt: normaliseDateOrInstant(event.data.occurredAt) };
  }
  return normalised;
}

function normaliseDateOrInstant(value: string): string {
  return isValidDate(value) ? value : normaliseInstant(value);
}

function validateAgainst(cls: new () => object, plain: Record<string, unknown>, pathPrefix: string): ValidationProblem[] {
  // No implicit conversion: a number where a string is wanted stays a number, and fails.
  const instance = plainToInstance(cls, plain, { enableImplicitConversion: false });
  return toProblems(validateSync(instance, STRICT), pathPrefix);
}

/**
 * Keys JSON.parse keeps as ordinary fields but class-transformer drops (so the whitelist would never
 * see them) or trips over (`constructor` crashes it): reported as unknown and removed before checking.
 */
const SPECIAL_KEYS = ['__proto__', 'constructor', 'prototype'];

function withoutSpecialKeys<T>(value: T, path: string): { clean: T; problems: ValidationProblem[] } {
  // Nearly every event has none: looked for first, so that only those that do are copied.
  return hasSpecialKey(value) ? copyWithoutSpecialKeys(value, path) : { clean: value, problems: [] };
}

function hasSpecialKey(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasSpecialKey);
  if (!isPlainObject(value)) return false;
  for (const key of Object.keys(value)) if (SPECIAL_KEYS.includes(key) || hasSpecialKey(value[key])) return true;
  return false;
}

function copyWithoutSpecialKeys<T>(value: T, path: string): { clean: T; problems: ValidationProblem[] } {
  if (Array.isArray(value)) {
    const items = value.map((item, i) => copyWithoutSpecialKeys(item, `${path}[${i}]`));
    return { clean: items.map((item) => item.clean) as T, problems: items.flatMap((item) => item.problems) };
  }
  if (!isPlainObject(value)) return { clean: value, problems: [] };
  const clean: Record<string, unknown> = {};
  const problems: ValidationProblem[] = [];
  for (const key of Object.keys(value)) {
    const childPath = path ? `${path}.${key}` : key;
    if (SPECIAL_KEYS.includes(key)) {
      problems.push({ path: childPath, message: `unknown field "${key}"` });
      continue;
    }
    const child = copyWithoutSpecialKeys(value[key], childPath);
    clean[key] = child.clean;
    problems.push(...child.problems);
  }
  return { clean: clean as T, problems };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
