import type { NewEvent } from '@ledger/domain/envelope';
import { KNOWN_AREAS, areaProfile } from './areas';
import { IdentifierIssuer } from './identifiers';
import { IomCohortPlan } from './iom-cohorts';
import { generatePerson } from './person';
import type { PopulationContext } from './person-profile';
import { cyrb128 } from './random';
import { parseInstant } from './time';

export interface PopulationOptions {
  /** How many people (default 200). A few also get a duplicate record, merged later: an extra stream. */
  people?: number;
  /** Same seed, same output, byte for byte (default `journey-ledger`). */
  seed?: string | number;
  /** Partnership areas (default hampshire-iow, dorset, warwickshire). */
  areas?: string[];
  /** ISO instant: nothing is recorded after it (default 2026-11-01T00:00:00Z). */
  until?: string;
  /** First year in which people come to notice (default 2012, so the 2013-14 MAPPA year is covered). */
  startYear?: number;
}

export const DEFAULT_PEOPLE = 200;
export const DEFAULT_SEED = 'journey-ledger';
export const DEFAULT_UNTIL = '2026-11-01T00:00:00Z';
export const DEFAULT_START_YEAR = 2012;

/**
 * A synthetic population's event history, person by person, each person's events in recording
 * order starting with `person.registered`. It streams: only one person's events are held at a
 * time, so a population of millions of events takes bounded memory.
 */
export function* generatePopulation(options: PopulationOptions = {}): Generator<NewEvent> {
  const people = options.people ?? DEFAULT_PEOPLE;
  const context = populationContext(options);
  for (let index = 0; index < people; index++) {
    for (const stream of generatePerson(index, context)) yield* stream;
  }
}

function populationContext(options: PopulationOptions): PopulationContext {
  const people = options.people ?? DEFAULT_PEOPLE;
  const seed = String(options.seed ?? DEFAULT_SEED);
  const areas = options.areas ?? KNOWN_AREAS.map((profile) => profile.area);
  const until = parseInstant(options.until ?? DEFAULT_UNTIL);
  const startYear = options.startYear ?? DEFAULT_START_YEAR;
  const startMs = Date.UTC(startYear, 0, 1);
  if (!Number.isInteger(people) || people < 0) throw new RangeError(`people must be a whole number, got ${people}`);
  if (areas.length === 0) throw new RangeError('at least one area is needed');
  // Two years of history at least, so that people have journeys and IOM cohorts can be tracked.
  if (until - startMs < 2 * 365 * 86_400_000) throw new RangeError('startYear must be at least two years before until');
  return {
    seed,
    until,
    startMs,
    areas: areas.map(areaProfile),
    cohorts: IomCohortPlan.build(seed, people, areas, startYear, until),
    issuer: new IdentifierIssuer(cyrb128(seed)[0] % 1_000_000),
  };
}

const SAMPLE_PEOPLE = 400;
const estimates = new Map<string, number>();

/**
 * Average events per person (duplicate records included) for these options, measured on a
 * sample of 400 people: `ledger seed` uses it to size its progress bar, or to turn a wanted
 * number of events into a number of people.
 */
export function estimateEventsPerPerson(options: Omit<PopulationOptions, 'people'> = {}): number {
  const key = JSON.stringify([options.seed, options.areas, options.until, options.startYear]);
  let estimate = estimates.get(key);
  if (estimate === undefined) {
    let events = 0;
    for (const _event of generatePopulation({ ...options, people: SAMPLE_PEOPLE })) events++;
    estimate = events / SAMPLE_PEOPLE;
    estimates.set(key, estimate);
  }
  return estimate;
}
