import type { ResolvedEvent } from './resolve-history';
import type { CustodyReceivedData, MappaCategoryChangedData, MappaLevelData, MappaRegisteredData } from './event-data';
import { chronological, groupByPerson } from './chronology';
import { addDays } from './london-dates';

/**
 * MAPPA measures of domain.md: the snapshot at a date, reviews due, the period totals, and one
 * person's status. Every figure walks each person's MAPPA events in the order of chronology.ts
 * (same-day events by full instant when timed, then recordedAt, then position), so a late record
 * or a corrected date lands where it happened.
 *
 * Area filter: a person counts for the area of the `mappa.registered` event in force at the moment
 * counted (their registration's area), whatever the area of later changes or reviews.
 */

export const MAPPA_CATEGORIES = ['1', '2', '3', '4'] as const;
export const MAPPA_LEVELS = ['1', '2', '3'] as const;
export type MappaCategory = (typeof MAPPA_CATEGORIES)[number];
export type MappaLevel = (typeof MAPPA_LEVELS)[number];

/** Days between reviews: level 2 at least every 16 weeks, level 3 every 8 weeks; level 1 has no cycle. */
const REVIEW_INTERVAL_DAYS: Partial<Record<string, number>> = { '2': 16 * 7, '3': 8 * 7 };

export interface AreaOption {
  area?: string;
}

export interface MappaStatus {
  active: boolean;
  category: MappaCategory;
  level: MappaLevel;
  leadAgency: string;
  /** Date of the registration in force (the latest). */
  registeredOn: string;
  /** Null at level 1 and when not active. */
  nextReviewDue: string | null;
  overdue: boolean;
}

export interface MappaSnapshot {
  at: string;
  table: Record<MappaCategory, Record<MappaLevel, number>>;
  totals: { byCategory: Record<MappaCategory, number>; byLevel: Record<MappaLevel, number>; all: number };
}

export interface MappaReview {
  personId: string;
  category: MappaCategory;
  level: MappaLevel;
  leadAgency: string;
  /** Date of the latest registration, level change or review on or before `at`. */
  lastEventDate: string;
  nextReviewDue: string;
  overdue: boolean;
}

export interface MappaReviews {
  at: string;
  reviews: MappaReview[];
}

export type LevelByCategory = Record<MappaCategory, number>;

export interface MappaPeriod {
  from: string;
  to: string;
  levelTotals: { '2': LevelByCategory; '3': LevelByCategory };
  returnsToCustody: { '2': LevelByCategory; '3': LevelByCategory };
}

interface RegistrationState {
  active: boolean;
  category: MappaCategory;
  level: MappaLevel;
  leadAgency: string;
  registeredOn: string;
  area: string;
  /** Latest registration, level change or review: the date the review cycle runs from. */
  reviewBase: string;
}

const isMappaEvent = (event: ResolvedEvent) => event.type.startsWith('mappa.');

function asCategory(value: unknown): MappaCategory | undefined {
  const text = String(value);
  return (MAPPA_CATEGORIES as readonly string[]).includes(text) ? (text as MappaCategory) : undefined;
}

function asLevel(value: unknown): MappaLevel | undefined {
  const text = String(value);
  return (MAPPA_LEVELS as readonly string[]).includes(text) ? (text as MappaLevel) : undefined;
}

/** The registration state after `event`; changes before any registration have nothing to change. */
function apply(state: RegistrationState | null, event: ResolvedEvent): RegistrationState | null {
  const day = event.occurredDate;
  switch (event.type) {
    case 'mappa.registered': {
      const data = event.data as unknown as MappaRegisteredData;
      const category = asCategory(data.category);
      const level = asLevel(data.level);
      if (!category || !level) return state;
      return { active: true, category, level, leadAgency: data.leadAgency, registeredOn: day, area: event.area, reviewBase: day };
    }
    case 'mappa.category-changed': {
      const category = asCategory((event.data as unknown as MappaCategoryChangedData).category);
      return state && category ? { ...state, category } : state;
    }
    case 'mappa.level-changed': {
      const level = asLevel((event.data as unknown as MappaLevelData).level);
      return state && level ? { ...state, level, reviewBase: day } : state;
    }
    case 'mappa.reviewed':
      // domain.md: the level in force comes from the registration and level changes only; a
      // review restarts the review cycle. (A review confirming another level than the one in
      // force is a data-quality question for the coordinator, not a silent level change.)
      return state ? { ...state, reviewBase: day } : state;
    case 'mappa.deregistered':
      return state ? { ...state, active: false } : state;
    default:
      return state;
  }
}

/** State at the end of day `at`: every MAPPA event on or before it applied in order. */
function stateAt(sortedEvents: ResolvedEvent[], at: string): RegistrationState | null {
  let state: RegistrationState | null = null;
  for (const event of sortedEvents) {
    if (event.occurredDate > at) break;
    state = apply(state, event);
  }
  return state;
}

/** Next review due: the review base plus the level's interval; the data's own nextReviewDue is not used. */
function nextReviewDue(state: RegistrationState): string | null {
  return segmentReviewDue(state);
}

function toStatus(state: RegistrationState, at: string): MappaStatus {
  const due = nextReviewDue(state);
  return {
    active: state.active,
    category: state.category,
    level: state.level,
    leadAgency: state.leadAgency,
    registeredOn: state.registeredOn,
    nextReviewDue: due,
    overdue: due !== null && due < at,
  };
}

function activeStatesAt(resolved: ResolvedEvent[], at: string, area: string | undefined): Array<[string, RegistrationState]> {
  const active: Array<[string, RegistrationState]> = [];
  for (const [personId, events] of groupByPerson(resolved, isMappaEvent)) {
    const state = stateAt(events, at);
    if (state?.active && (area === undefined || state.area === area)) active.push([personId, state]);
  }
  return active;
}

/** A stretch of days over which one person's MAPPA state stays the same (for the SQL read model). */
export interface MappaSegment {
  personId: string;
  /** First day (London) the state holds at the end of. */
  from: string;
  /** First day it no longer holds (exclusive); null while it still holds. */
  to: string | null;
  active: boolean;
  category: MappaCategory;
  level: MappaLevel;
  leadAgency: string;
  area: string;
  registeredOn: string;
  reviewBase: string;
}

/**
 * One person's MAPPA history as segments: the state at the end of each day on which their MAPPA
 * events fall, holding until the next such day. The state at the end of day D is the segment with
 * from <= D < to, exactly what `stateAt` gives, so a read model of segments answers the snapshot
 * and the reviews with one indexed query.
 */
export function mappaSegments(personId: string, personEvents: ResolvedEvent[]): MappaSegment[] {
  const events = chronological(personEvents.filter(isMappaEvent));
  const segments: MappaSegment[] = [];
  let state: RegistrationState | null = null;
  for (let i = 0; i < events.length; ) {
    const day = events[i].occurredDate;
    for (; i < events.length && events[i].occurredDate === day; i++) state = apply(state, events[i]);
    if (!state) continue;
    if (segments.length > 0) segments[segments.length - 1].to = day;
    const { active, category, level, leadAgency, area, registeredOn, reviewBase } = state;
    segments.push({ personId, from: day, to: null, active, category, level, leadAgency, area, registeredOn, reviewBase });
  }
  return segments;
}

/** Next review due for a segment's state (null at level 1 or when inactive), as the reviews list computes it. */
export function segmentReviewDue(segment: Pick<MappaSegment, 'active' | 'level' | 'reviewBase'>): string | null {
  const interval = REVIEW_INTERVAL_DAYS[segment.level];
  return segment.active && interval !== undefined ? addDays(segment.reviewBase, interval) : null;
}

/**
 * One person's MAPPA status at the end of day `at` (for the person summary); null when they had
 * never been registered by then. A deregistered person is `active: false`, with their last state.
 */
export function mappaStatusAt(personEvents: ResolvedEvent[], at: string): MappaStatus | null {
  const state = stateAt(chronological(personEvents.filter(isMappaEvent)), at);
  return state && toStatus(state, at);
}

function zeroByCategory(): LevelByCategory {
  return { '1': 0, '2': 0, '3': 0, '4': 0 };
}

function zeroByLevel(): Record<MappaLevel, number> {
  return { '1': 0, '2': 0, '3': 0 };
}

/** Active people at the end of day `at`, by category x level, with row and column totals. */
export function mappaSnapshot(resolved: ResolvedEvent[], at: string, opts: AreaOption = {}): MappaSnapshot {
  return tallySnapshot(at, activeStatesAt(resolved, at, opts.area).map(([, state]) => ({ category: state.category, level: state.level, count: 1 })));
}

/** The snapshot table (with row and column totals) from counts of active people by category and level. */
export function tallySnapshot(at: string, cells: Iterable<{ category: MappaCategory; level: MappaLevel; count: number }>): MappaSnapshot {
  const table = { '1': zeroByLevel(), '2': zeroByLevel(), '3': zeroByLevel(), '4': zeroByLevel() };
  const byCategory = zeroByCategory();
  const byLevel = zeroByLevel();
  let all = 0;
  for (const { category, level, count } of cells) {
    table[category][level] += count;
    byCategory[category] += count;
    byLevel[level] += count;
    all += count;
  }
  return { at, table, totals: { byCategory, byLevel, all } };
}

/**
 * Active level 2 and 3 people with their next review due, soonest first. `overdue: true` keeps
 * only those whose review date is before `at`; otherwise every case is listed.
 */
export function mappaReviews(resolved: ResolvedEvent[], at: string, opts: AreaOption & { overdue?: boolean } = {}): MappaReviews {
  const states = activeStatesAt(resolved, at, opts.area).map(([personId, state]) => ({ personId, ...state }));
  return reviewsOf(at, states, opts.overdue === true);
}

/** The reviews list from the states in force at `at` of active people (any source: fold or read model). */
export function reviewsOf(
  at: string,
  states: Iterable<Pick<MappaSegment, 'personId' | 'active' | 'category' | 'level' | 'leadAgency' | 'reviewBase'>>,
  overdueOnly: boolean,
): MappaReviews {
  const reviews: MappaReview[] = [];
  for (const state of states) {
    const due = segmentReviewDue(state);
    if (due === null) continue;
    const overdue = due < at;
    if (overdueOnly && !overdue) continue;
    reviews.push({
      personId: state.personId,
      category: state.category,
      level: state.level,
      leadAgency: state.leadAgency,
      lastEventDate: state.reviewBase,
      nextReviewDue: due,
      overdue,
    });
  }
  reviews.sort((a, b) => (a.nextReviewDue === b.nextReviewDue ? cmp(a.personId, b.personId) : cmp(a.nextReviewDue, b.nextReviewDue)));
  return { at, reviews };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The states a person held on the days of [from, to]: the state in force on `from`, then the
 * state at the end of each later day on which an event changed it. A change undone within the
 * same day was never "held on a day", which keeps the period consistent with the daily snapshot.
 */
function statesHeldInPeriod(sortedEvents: ResolvedEvent[], from: string, to: string): RegistrationState[] {
  const held: RegistrationState[] = [];
  let state: RegistrationState | null = null;
  let heldOnFrom = false;
  for (let i = 0; i < sortedEvents.length; ) {
    const day = sortedEvents[i].occurredDate;
    if (day > to) break;
    if (day > from && !heldOnFrom) {
      if (state) held.push(state);
      heldOnFrom = true;
    }
    for (; i < sortedEvents.length && sortedEvents[i].occurredDate === day; i++) state = apply(state, sortedEvents[i]);
    if (day >= from) {
      if (state) held.push(state);
      heldOnFrom = true;
    }
  }
  if (!heldOnFrom && state) held.push(state);
  return held;
}

/**
 * MAPPA period [from, to] (both ends included):
 * - level totals: people managed at level 2 or 3 on any day of the period, once each, at the
 *   highest level held, under the category in force on the first day they held that level
 *   (and in the area of the registration in force that day);
 * - returns to custody: each `custody.received` with reason `recall` in the period (a person
 *   recalled twice counts twice) of a person at level 2 or 3 at that moment, by the level and
 *   category then in force.
 */
export function mappaPeriod(resolved: ResolvedEvent[], from: string, to: string, opts: AreaOption = {}): MappaPeriod {
  const levelTotals = { '2': zeroByCategory(), '3': zeroByCategory() };
  const returnsToCustody = { '2': zeroByCategory(), '3': zeroByCategory() };
  const inArea = (state: RegistrationState) => opts.area === undefined || state.area === opts.area;
  const keep = (event: ResolvedEvent) => isMappaEvent(event) || event.type === 'custody.received';

  for (const events of groupByPerson(resolved, keep).values()) {
    const mappaEvents = events.filter(isMappaEvent);
    let highest: RegistrationState | undefined;
    for (const state of statesHeldInPeriod(mappaEvents, from, to)) {
      if (!state.active || state.level === '1') continue;
      if (!highest || state.level > highest.level) highest = state;
    }
    if (highest && inArea(highest)) levelTotals[highest.level as '2' | '3'][highest.category] += 1;

    let state: RegistrationState | null = null;
    for (const event of events) {
      if (event.occurredDate > to) break;
      if (event.type !== 'custody.received') {
        state = apply(state, event);
        continue;
      }
      const isRecall = (event.data as unknown as CustodyReceivedData).reason === 'recall';
      if (isRecall && event.occurredDate >= from && state?.active && state.level !== '1' && inArea(state)) {
        returnsToCustody[state.level as '2' | '3'][state.category] += 1;
      }
    }
  }
  return { from, to, levelTotals, returnsToCustody };
}
