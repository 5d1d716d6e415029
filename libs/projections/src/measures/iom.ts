import type { ResolvedEvent } from './resolve-history';
import type { IomAdoptedData, IomDeselectedData } from './event-data';
import { groupByPerson } from './chronology';
import { addDays, daysBetween } from './london-dates';
import { isProvingEvent, provenOffences } from './offences';
import { roundedPercent } from './rounding';

/**
 * IOM cohorts and the two-year offending reduction of domain.md.
 *
 * Area filter: a member counts for the area of their (first) adoption onto the cohort; their
 * arrests and offences count wherever they happened.
 */

/** The two-year tracking period, in days. */
const TRACKING_DAYS = 730;

export interface IomCohort {
  cohortId: string;
  /** From the cohort's first adoption. */
  cohortType: string;
  /** Area of the cohort's first adoption. */
  area: string;
  /** People ever adopted onto it. */
  members: number;
  /** People whose latest adoption onto it has no deselection after it. */
  current: number;
}

export interface PrePost {
  pre: number;
  post: number;
}

export interface Reduction {
  arrests: number | null;
  provenOffences: number | null;
}

export interface IomMemberProgress {
  personId: string;
  /** A: London date of the person's first adoption onto the cohort. */
  adoptedOn: string;
  /** L = min(730, days from A to the evaluation date). */
  windowDays: number;
  arrests: PrePost;
  provenOffences: PrePost;
  reductionPercent: Reduction;
}

export interface IomCohortProgress {
  cohortId: string;
  at: string;
  members: IomMemberProgress[];
  cohort: { arrests: PrePost; provenOffences: PrePost; reductionPercent: Reduction };
}

export interface IomOptions {
  area?: string;
}

const isIomEvent = (event: ResolvedEvent) => event.type === 'iom.adopted' || event.type === 'iom.deselected';
const cohortOf = (event: ResolvedEvent) => (event.data as unknown as IomAdoptedData | IomDeselectedData).cohortId;

/**
 * Every cohort with its member counts, by cohortId. With `at`, only adoptions and deselections on
 * or before that date count (members adopted later are not yet members).
 */
export function iomCohorts(resolved: ResolvedEvent[], opts: IomOptions & { at?: string } = {}): IomCohort[] {
  interface Tally {
    cohortType: string;
    area: string;
    firstAdoptedOn: string;
    members: Set<string>;
    current: Set<string>;
  }
  const tallies = new Map<string, Tally>();
  const keep = (event: ResolvedEvent) => isIomEvent(event) && (opts.at === undefined || event.occurredDate <= opts.at);

  for (const [personId, events] of groupByPerson(resolved, keep)) {
    const firstAdoption = new Map<string, ResolvedEvent>();
    const onCohort = new Set<string>();
    for (const event of events) {
      const cohortId = cohortOf(event);
      if (event.type === 'iom.deselected') {
        onCohort.delete(cohortId);
        continue;
      }
      if (!firstAdoption.has(cohortId)) firstAdoption.set(cohortId, event);
      onCohort.add(cohortId);
    }
    for (const [cohortId, adoption] of firstAdoption) {
      if (opts.area !== undefined && adoption.area !== opts.area) continue;
      let tally = tallies.get(cohortId);
      if (!tally || adoption.occurredDate < tally.firstAdoptedOn) {
        // People come in no particular order: type and area are those of the cohort's earliest adoption.
        const cohortType = (adoption.data as unknown as IomAdoptedData).cohortType;
        const earliest = { cohortType, area: adoption.area, firstAdoptedOn: adoption.occurredDate };
        tally = tally ? Object.assign(tally, earliest) : { ...earliest, members: new Set<string>(), current: new Set<string>() };
        tallies.set(cohortId, tally);
      }
      tally.members.add(personId);
      if (onCohort.has(cohortId)) tally.current.add(personId);
    }
  }

  return [...tallies.entries()]
    .map(([cohortId, tally]) => ({
      cohortId,
      cohortType: tally.cohortType,
      area: tally.area,
      members: tally.members.size,
      current: tally.current.size,
    }))
    .sort((a, b) => compareText(a.cohortId, b.cohortId));
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

interface Windows {
  preStart: string;
  adoptedOn: string;
  postEnd: string;
}

function countInWindows(dates: Iterable<string>, { preStart, adoptedOn, postEnd }: Windows): PrePost {
  const counts = { pre: 0, post: 0 };
  for (const date of dates) {
    if (date >= preStart && date < adoptedOn) counts.pre += 1;
    else if (date >= adoptedOn && date < postEnd) counts.post += 1;
  }
  return counts;
}

function reductionOf(arrests: PrePost, proven: PrePost): Reduction {
  return {
    arrests: roundedPercent(arrests.pre - arrests.post, arrests.pre, 1),
    provenOffences: roundedPercent(proven.pre - proven.post, proven.pre, 1),
  };
}

/**
 * The two-year offending reduction of one cohort evaluated at date `at` (E). For each member,
 * A = date of their first adoption onto the cohort, L = min(730, E - A) days, PRE = [A - L, A),
 * POST = [A, A + L):
 * - arrests: `arrest.recorded` events on a day in the window;
 * - proven offences: distinct offences whose offenceDate (from the proving event) is in the
 *   window, proven on or before E.
 * Members adopted after E are left out; members deselected since stay in. The cohort figures sum
 * PRE and POST over the members before applying the formula. Null when no one was ever adopted
 * onto `cohortId`.
 */
export function iomCohortProgress(resolved: ResolvedEvent[], cohortId: string, at: string, opts: IomOptions = {}): IomCohortProgress | null {
  const adopted = new Set<string>();
  for (const event of resolved) {
    if (event.type === 'iom.adopted' && cohortOf(event) === cohortId) adopted.add(event.personId);
  }
  if (adopted.size === 0) return null;

  const isRelevant = (event: ResolvedEvent) =>
    adopted.has(event.personId) &&
    ((event.type === 'iom.adopted' && cohortOf(event) === cohortId) || event.type === 'arrest.recorded' || isProvingEvent(event));

  const members: IomMemberProgress[] = [];
  for (const [personId, events] of groupByPerson(resolved, isRelevant)) {
    const adoption = events.find((event) => event.type === 'iom.adopted');
    if (!adoption || adoption.occurredDate > at) continue;
    if (opts.area !== undefined && adoption.area !== opts.area) continue;

    const adoptedOn = adoption.occurredDate;
    const windowDays = Math.min(TRACKING_DAYS, daysBetween(adoptedOn, at));
    const windows = { preStart: addDays(adoptedOn, -windowDays), adoptedOn, postEnd: addDays(adoptedOn, windowDays) };
    const arrestDates = events.filter((event) => event.type === 'arrest.recorded').map((event) => event.occurredDate);
    const provenDates = [...provenOffences(events).values()].filter((offence) => offence.provenOn <= at).map((offence) => offence.offenceDate);
    const arrests = countInWindows(arrestDates, windows);
    const proven = countInWindows(provenDates, windows);
    members.push({ personId, adoptedOn, windowDays, arrests, provenOffences: proven, reductionPercent: reductionOf(arrests, proven) });
  }
  members.sort((a, b) => compareText(a.adoptedOn, b.adoptedOn) || compareText(a.personId, b.personId));

  const sum = (pick: (member: IomMemberProgress) => PrePost): PrePost =>
    members.reduce((total, member) => ({ pre: total.pre + pick(member).pre, post: total.post + pick(member).post }), { pre: 0, post: 0 });
  const arrests = sum((member) => member.arrests);
  const proven = sum((member) => member.provenOffences);
  return { cohortId, at, members, cohort: { arrests, provenOffences: proven, reductionPercent: reductionOf(arrests, proven) } };
}
