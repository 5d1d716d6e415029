import type { ResolvedEvent } from './resolve-history';
import {
  CAUTION_TYPES,
  type CustodyReleasedData,
  type DisposalOutOfCourtData,
  type PersonRegisteredData,
  type SentenceImposedData,
} from './event-data';
import { groupByPerson } from './chronology';
import { addMonths, ageInYears, isValidDate } from './london-dates';
import { isProvingEvent, ProvenOffence, provenOffences } from './offences';
import { roundedPercent, roundedRatio } from './rounding';

/**
 * MoJ proven reoffending for the cohort period [from, to) (domain.md).
 *
 * Area filter: a person counts for the area of their index event.
 */

const NON_CUSTODIAL_SENTENCES: ReadonlySet<string> = new Set([
  'community-order',
  'suspended',
  'youth-rehabilitation-order',
  'fine',
  'conditional-discharge',
  'absolute-discharge',
]);

export const REOFFENCE_MONTHS = 12;
const PROVEN_BY_MONTHS = 18;

export const GENDER_GROUPS = ['male', 'female', 'other', 'unknown'] as const;
export const AGE_BANDS = ['10-17', '18-20', '21-24', '25-29', '30-34', '35-39', '40-44', '45-49', '50+', 'unknown'] as const;
/** Lower age of each band, oldest first so the first floor at or below an age names its band (10 is the age of criminal responsibility). */
const AGE_BAND_FLOORS: Array<[number, string]> = [
  [50, '50+'],
  [45, '45-49'],
  [40, '40-44'],
  [35, '35-39'],
  [30, '30-34'],
  [25, '25-29'],
  [21, '21-24'],
  [18, '18-20'],
  [10, '10-17'],
];

export interface ReoffendingFigures {
  offenders: number;
  reoffenders: number;
  reoffences: number;
  /** reoffenders / offenders x 100, two decimals; null with no offenders. */
  ratePercent: number | null;
  /** Two decimals; null with no reoffenders. */
  reoffencesPerReoffender: number | null;
  /** Two decimals; null with no offenders. */
  reoffencesPerOffender: number | null;
}

export interface ReoffendingGroup extends ReoffendingFigures {
  group: string;
}

export interface ProvenReoffending extends ReoffendingFigures {
  from: string;
  to: string;
  /** Only groups with at least one offender, in the order of GENDER_GROUPS / AGE_BANDS; [] without `by`. */
  breakdown: ReoffendingGroup[];
}

export interface ReoffendingOptions {
  by?: 'gender' | 'age';
  area?: string;
}

/** The types whose facts can be index events (isIndexEvent decides which are). */
export const INDEX_TYPES = ['custody.released', 'sentence.imposed', 'disposal.out-of-court'];
/** Index types that prove no offence (a caution does: see isProvingEvent), so matter only as index events in the period. */
export const INDEX_ONLY_TYPES = ['custody.released', 'sentence.imposed'];

/** Release from a custodial sentence, a non-custodial sentence, or a caution. */
export function isIndexEvent(event: ResolvedEvent): boolean {
  switch (event.type) {
    case 'custody.released':
      return (event.data as unknown as CustodyReleasedData).releaseType !== 'remand-ended';
    case 'sentence.imposed':
      return NON_CUSTODIAL_SENTENCES.has((event.data as unknown as SentenceImposedData).sentenceType);
    case 'disposal.out-of-court':
      return CAUTION_TYPES.has((event.data as unknown as DisposalOutOfCourtData).disposalType);
    default:
      return false;
  }
}

/** Age band at the index date; `unknown` when the date of birth is missing, encrypted, or gives an age under 10. */
export function ageBand(dateOfBirth: unknown, onDate: string): string {
  if (!isValidDate(dateOfBirth)) return 'unknown';
  const age = ageInYears(dateOfBirth, onDate);
  return AGE_BAND_FLOORS.find(([floor]) => age >= floor)?.[1] ?? 'unknown';
}

function figures(offenders: number, reoffenders: number, reoffences: number): ReoffendingFigures {
  return {
    offenders,
    reoffenders,
    reoffences,
    ratePercent: roundedPercent(reoffenders, offenders, 2),
    reoffencesPerReoffender: roundedRatio(reoffences, reoffenders, 2),
    reoffencesPerOffender: roundedRatio(reoffences, offenders, 2),
  };
}

/**
 * The person's own registration gives gender and date of birth; after a merge the surviving
 * record's registration is preferred over the duplicate's.
 */
export function registrationOf(events: ResolvedEvent[]): PersonRegisteredData | undefined {
  const registrations = events.filter((event) => event.type === 'person.registered');
  const own = registrations.find((event) => event.originalPersonId === event.personId) ?? registrations[0];
  return own?.data as PersonRegisteredData | undefined;
}

/** What the measure needs of one person: their facts (chronological) of the index types in or around the period, proofs, registration. */
export interface ReoffendingPerson {
  personId: string;
  /** Index-type facts of the person, chronological (at least those in [from, to)). */
  indexCandidates: ResolvedEvent[];
  proven: Iterable<ProvenOffence>;
  registration?: Pick<PersonRegisteredData, 'gender' | 'dateOfBirth'>;
}

/**
 * Cohort: people with an index event in [from, to); the index date is the first. A reoffence is a
 * proven offence with index date < offenceDate <= index date + 12 months, proven on or before
 * index date + 18 months.
 */
export function provenReoffending(resolved: ResolvedEvent[], from: string, to: string, opts: ReoffendingOptions = {}): ProvenReoffending {
  const relevant = (event: ResolvedEvent) => event.type === 'person.registered' || isIndexEvent(event) || isProvingEvent(event);
  const people: ReoffendingPerson[] = [];
  for (const [personId, events] of groupByPerson(resolved, relevant)) {
    people.push({ personId, indexCandidates: events.filter(isIndexEvent), proven: provenOffences(events).values(), registration: registrationOf(events) });
  }
  return reoffendingOf(people, from, to, opts);
}

/** The measure itself, over people prepared by the fold above or read from the read model. */
export function reoffendingOf(people: Iterable<ReoffendingPerson>, from: string, to: string, opts: ReoffendingOptions = {}): ProvenReoffending {
  const groups = new Map<string, { offenders: number; reoffenders: number; reoffences: number }>();
  const total = { offenders: 0, reoffenders: 0, reoffences: 0 };

  for (const person of people) {
    const index = person.indexCandidates.find((event) => event.occurredDate >= from && event.occurredDate < to && isIndexEvent(event));
    if (!index || (opts.area !== undefined && index.area !== opts.area)) continue;

    const indexDate = index.occurredDate;
    const offenceLimit = addMonths(indexDate, REOFFENCE_MONTHS);
    const provenLimit = addMonths(indexDate, PROVEN_BY_MONTHS);
    let reoffences = 0;
    for (const offence of person.proven) {
      if (offence.offenceDate > indexDate && offence.offenceDate <= offenceLimit && offence.provenOn <= provenLimit) reoffences += 1;
    }

    const tallies = [total];
    if (opts.by) {
      const registration = person.registration;
      const group = opts.by === 'gender' ? (registration?.gender ?? 'unknown') : ageBand(registration?.dateOfBirth, indexDate);
      let tally = groups.get(group);
      if (!tally) groups.set(group, (tally = { offenders: 0, reoffenders: 0, reoffences: 0 }));
      tallies.push(tally);
    }
    for (const tally of tallies) {
      tally.offenders += 1;
      tally.reoffenders += reoffences > 0 ? 1 : 0;
      tally.reoffences += reoffences;
    }
  }

  const order: readonly string[] = opts.by === 'age' ? AGE_BANDS : GENDER_GROUPS;
  const rank = (group: string) => (order.includes(group) ? order.indexOf(group) : order.length);
  const breakdown = [...groups.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0))
    .map(([group, tally]) => ({ group, ...figures(tally.offenders, tally.reoffenders, tally.reoffences) }));
  return { from, to, ...figures(total.offenders, total.reoffenders, total.reoffences), breakdown };
}
