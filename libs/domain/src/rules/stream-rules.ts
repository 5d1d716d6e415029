/**
 * The domain rules that need the person's stream as well as the event itself (interchange.md,
 * "Rules every writer gets the same answer to"). Pure: the recording service loads the streams,
 * calls this before appending, and refuses the whole batch when anything comes back.
 *
 * Statuses: 409 when the event conflicts with something already stored (the person is already
 * registered; the target was already retracted), which a writer racing another may meet; 400 for
 * everything else, which no retry will fix.
 */
import type { NewEvent, StoredEvent } from '../envelope';
import { londonDate } from '../time/london';
import { validateCorrectionData } from '../validation/validate-event';
import { CORRECTION_TYPES, EffectiveEvent, StreamHistory } from './stream-history';

export interface RuleViolation {
  /** Index of the offending event in `incoming`. */
  index: number;
  path: string;
  message: string;
  status: 400 | 409;
}

type Violation = Omit<RuleViolation, 'index'>;
type StreamRule = (event: NewEvent, history: StreamHistory) => Violation[];

/**
 * The stored event types the rules read from a person's stream. A stream's other events (arrests,
 * sentences, custody) never decide a rule, so recording reads only these, plus each correction's
 * target by id. Keep in step with RULES below: stream-rules.spec proves the verdicts are the same
 * on a whole stream and on its rule-relevant part.
 */
export const STREAM_RULE_TYPES: readonly string[] = [
  'person.registered',
  'record.corrected',
  'record.retracted',
  'mappa.registered',
  'mappa.deregistered',
  'iom.adopted',
  'iom.deselected',
];

/**
 * @param existing the stored streams of every person in `incoming` (any order; other events, such
 *   as a correction's target looked up by id, may be included too)
 * @param incoming the batch, already valid by validateNewEvent, in the order it is to be appended
 */
export function checkStreamRules(existing: StoredEvent[], incoming: NewEvent[]): RuleViolation[] {
  const history = new StreamHistory(existing);
  return incoming.flatMap((event, index) => {
    // The same eventId again is an idempotent replay or a conflict: the store's call, not a rule's.
    if (history.has(event.eventId)) return [];
    const violations = RULES.flatMap((rule) => rule(event, history));
    history.record(event, false);
    return violations.map((violation) => ({ index, ...violation }));
  });
}

/** A person's first event is person.registered, and they are registered only once. */
const registeredFirstAndOnce: StreamRule = (event, history) => {
  const registrations = history.stream(event.personId).filter((e) => e.type === 'person.registered');
  if (event.type !== 'person.registered') {
    if (registrations.length > 0) return [];
    return [
      {
        path: 'personId',
        message: `a person's first event must be person.registered: ${event.personId} has not been registered`,
        status: 400,
      },
    ];
  }
  const standing = registrations.filter((e) => !history.retractionOf(e.eventId));
  if (standing.length === 0) return [];
  return [
    {
      path: 'type',
      message: `a person is registered only once: ${event.personId} already has person.registered ${standing[0].eventId}`,
      status: standing.some((e) => e.stored) ? 409 : 400,
    },
  ];
};

/** A correction or retraction targets a standing, ordinary event in the same person's stream. */
const correctsOwnStandingEvent: StreamRule = (event, history) => {
  if (!CORRECTION_TYPES.includes(event.type)) return [];
  const targetId = String(event.data.targetEventId);
  const target = history.find(targetId);
  if (!target || target.personId !== event.personId) {
    const elsewhere = target ? ` (it is in ${target.personId}'s stream)` : '';
    return [
      {
        path: 'data.targetEventId',
        message: `${event.type} must target an event in the same person's stream: ${targetId} is not in ${event.personId}'s stream${elsewhere}`,
        status: 400,
      },
    ];
  }
  if (CORRECTION_TYPES.includes(target.type)) {
    return [
      {
        path: 'data.targetEventId',
        message: `${event.type} cannot target a correction or retraction: ${targetId} is ${target.type}; target the original event`,
        status: 400,
      },
    ];
  }
  const retraction = history.retractionOf(targetId);
  if (retraction) {
    return [
      {
        path: 'data.targetEventId',
        message: `a retracted event cannot be corrected or retracted again: ${targetId} was retracted by ${retraction.eventId}`,
        status: retraction.stored ? 409 : 400,
      },
    ];
  }
  if (event.type !== 'record.corrected') return [];
  return validateCorrectionData(target.type, event.data.data).map((problem) => ({
    path: problem.path,
    message: `the replacement data must be valid ${target.type} data: ${problem.message}`,
    status: 400 as const,
  }));
};

const MAPPA_MANAGEMENT = ['mappa.level-changed', 'mappa.category-changed', 'mappa.reviewed'];

/** Level and category changes and reviews happen only while the person is registered for MAPPA. */
const needsActiveMappaRegistration: StreamRule = (event, history) => {
  if (!MAPPA_MANAGEMENT.includes(event.type)) return [];
  const on = londonDate(event.occurredAt);
  const active = activeSpell(history.effectiveStream(event.personId), on, 'mappa.registered', 'mappa.deregistered');
  if (active) return [];
  return [
    {
      path: 'type',
      message: `${event.type} needs an active MAPPA registration: ${event.personId} has no mappa.registered on or before ${on} without a mappa.deregistered since`,
      status: 400,
    },
  ];
};

/** Deselection from an IOM cohort needs a current adoption onto that cohort. */
const needsCurrentIomAdoption: StreamRule = (event, history) => {
  if (event.type !== 'iom.deselected') return [];
  const cohortId = event.data.cohortId;
  const on = londonDate(event.occurredAt);
  const sameCohort = (e: EffectiveEvent) => e.data.cohortId === cohortId;
  const adoption = activeSpell(history.effectiveStream(event.personId), on, 'iom.adopted', 'iom.deselected', sameCohort);
  if (adoption) return [];
  return [
    {
      path: 'data.cohortId',
      message: `iom.deselected needs a current adoption onto the cohort: ${event.personId} was not on cohort ${String(cohortId)} on ${on}`,
      status: 400,
    },
  ];
};

const RULES: StreamRule[] = [registeredFirstAndOnce, correctsOwnStandingEvent, needsActiveMappaRegistration, needsCurrentIomAdoption];

/**
 * The spell in force on a date (domain.md, MAPPA snapshot): the latest start on or before it, unless
 * an end on or before it came after that start (by date, then by recording order on the same date).
 */
function activeSpell(
  events: EffectiveEvent[],
  on: string,
  startType: string,
  endType: string,
  belongs: (event: EffectiveEvent) => boolean = () => true,
): EffectiveEvent | undefined {
  const after = (a: EffectiveEvent, b: EffectiveEvent) => a.date > b.date || (a.date === b.date && a.sequence > b.sequence);
  const relevant = events.filter((e) => belongs(e) && e.date <= on);
  const start = relevant.filter((e) => e.type === startType).reduce<EffectiveEvent | undefined>((latest, e) => (!latest || after(e, latest) ? e : latest), undefined);
  if (!start) return undefined;
  return relevant.some((e) => e.type === endType && after(e, start)) ? undefined : start;
}
