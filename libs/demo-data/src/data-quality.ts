import type { Draft } from './journey';
import { Journey } from './journey';
import { GIVEN_NAME_VARIANTS } from './names';
import { drawOffences, recordArrest } from './offence-records';
import { assessNeedsAndRisk } from './supervision';
import { DAY, HOUR, toDate, toInstant } from './time';

interface Correction {
  reason: string;
  data: Record<string, unknown>;
  occurredMs?: number;
}

/** How an event of each correctable type was wrong, and its replacement. */
const CORRECTIONS: Partial<Record<Draft['type'], (j: Journey, target: Draft) => Correction | undefined>> = {
  'arrest.recorded': (j, target) => {
    const occurredMs = target.occurredMs - j.rng.int(1, 3) * DAY;
    if (occurredMs <= j.person.firstContactMs) return undefined;
    const arrestDate = toDate(occurredMs);
    const offences = (target.data.offences as Array<{ offenceDate: string }>).map((offence) =>
      offence.offenceDate > arrestDate ? { ...offence, offenceDate: arrestDate } : offence,
    );
    return { reason: 'Arrest date keyed incorrectly', data: { ...target.data, offences }, occurredMs };
  },
  'custody.received': (j, target) => {
    const establishments = [j.area.localPrison, ...j.area.trainingPrisons, j.area.womensPrison].filter((name) => name !== target.data.establishment);
    return { reason: 'Wrong establishment recorded at reception', data: { ...target.data, establishment: j.rng.pick(establishments) } };
  },
  'conviction.recorded': (j, target) => {
    const courts = [...j.area.magistratesCourts, ...j.area.crownCourts].filter((court) => court !== target.data.court);
    return { reason: 'Court corrected from the court register', data: { ...target.data, court: j.rng.pick(courts) } };
  },
  'risk.rosh-assessed': (_j, target) => {
    const raised: Record<string, string> = { low: 'medium', medium: 'high', high: 'very-high', 'very-high': 'high' };
    return { reason: 'RoSH level amended on management oversight', data: { ...target.data, level: raised[target.data.level as string] } };
  },
};

/**
 * A correction of an earlier event of the same person (wrong date, wrong establishment...), made
 * one week to three months after it. Corrections replace the whole `data`, and `occurredAt` when
 * the date was wrong.
 */
export function correctAnEarlierEvent(j: Journey): void {
  const candidates = j.drafts.filter(
    (draft) =>
      !draft.late &&
      CORRECTIONS[draft.type] !== undefined &&
      draft.occurredMs > j.person.firstContactMs + 7 * DAY &&
      draft.occurredMs + 120 * DAY < j.until,
  );
  if (candidates.length === 0) return;
  const target = j.rng.pick(candidates);
  const correction = CORRECTIONS[target.type]?.(j, target);
  if (!correction) return;
  const format = target.dateOnly ? toDate : toInstant;
  j.add(
    'record.corrected',
    target.occurredMs + j.rng.int(7, 90) * DAY,
    {
      targetEventId: target.eventId,
      reason: correction.reason,
      data: correction.data,
      ...(correction.occurredMs === undefined ? {} : { occurredAt: format(correction.occurredMs) }),
    },
    { system: 'manual', reference: target.eventId },
  );
}

/** An event recorded against this person in error, retracted days or weeks later. */
export function retractAnErroneousEvent(j: Journey): void {
  const from = j.person.firstContactMs + 30 * DAY;
  const to = j.until - 60 * DAY;
  if (to <= from) return;
  const at = j.rng.between(from, to);
  const [erroneous, reason] = j.rng.chance(0.5)
    ? [recordArrest(j, at, drawOffences(j, at, 'theft', false)), 'Recorded against the wrong person: PNC identity mismatch']
    : [
        j.add('breach.recorded', at, { order: 'community-order', outcome: 'Warning letter issued' }, { system: 'ndelius' }),
        'Breach entered in error: the appointment had been rescheduled',
      ];
  j.add('record.retracted', at + j.rng.int(2, 45) * DAY, { targetEventId: erroneous.eventId, reason }, {
    system: 'manual',
    reference: erroneous.eventId,
  });
}

/**
 * A duplicate record of the same person, created by probation under a new CRN with the name keyed
 * differently, assessed once, and merged into the person's record after one to five months.
 */
export function duplicateRecord(main: Journey): Journey | undefined {
  const from = main.person.firstContactMs + 30 * DAY;
  const to = main.until - 150 * DAY;
  if (to <= from) return undefined;
  const [given, ...family] = main.person.name.split(' ');
  const duplicate = new Journey(
    main.rng,
    { ...main.person, personId: main.rng.uuid(), name: [GIVEN_NAME_VARIANTS[given] ?? given, ...family].join(' ') },
    main.area,
    main.until,
  );
  const registeredAt = main.rng.between(from, to);
  const crn = main.person.identifiers.duplicateCrn;
  duplicate.add(
    'person.registered',
    registeredAt,
    {
      identifiers: [{ type: 'crn', value: crn }],
      dateOfBirth: toDate(duplicate.person.dateOfBirthMs),
      gender: duplicate.person.gender,
      name: duplicate.person.name,
    },
    { system: 'ndelius', reference: crn },
  );
  assessNeedsAndRisk(duplicate, registeredAt + main.rng.int(7, 21) * DAY);
  duplicate.add('person.merged', registeredAt + main.rng.int(30, 150) * DAY + 10 * HOUR, { intoPersonId: main.person.personId }, {
    system: 'ndelius',
  });
  return duplicate;
}
