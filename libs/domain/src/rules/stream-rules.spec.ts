import { randomUUID } from 'node:crypto';
import { EVENT_CATALOGUE, EVENT_TYPES } from '../catalogue';
import type { NewEvent, StoredEvent } from '../envelope';
import * as fc from 'fast-check';
import { checkStreamRules, STREAM_RULE_TYPES } from './stream-rules';

const PERSON = 'P-1';

function event(type: string, occurredAt: string, data: Record<string, unknown>, personId = PERSON): NewEvent {
  return { eventId: randomUUID(), type, personId, occurredAt, area: 'dorset', data };
}

/** Events as the store returns them, positions in the order given. */
function stored(...events: NewEvent[]): StoredEvent[] {
  return events.map((e, i) => ({ ...e, position: i + 1, version: i + 1, recordedAt: '2024-01-01T00:00:00.000Z', hash: 'h', previousHash: null }));
}

const registered = (personId = PERSON) =>
  event('person.registered', '2020-01-01', { identifiers: [{ type: 'crn', value: 'X1' }], dateOfBirth: '1990-01-01', gender: 'female' }, personId);
const arrest = (arrestId = 'A-1', personId = PERSON) =>
  event('arrest.recorded', '2021-03-01', { arrestId, offences: [{ offenceId: 'O-1', offenceDate: '2021-02-28', category: 'burglary' }] }, personId);
const corrected = (target: NewEvent, data: Record<string, unknown> = target.data, personId = PERSON) =>
  event('record.corrected', '2024-01-02', { targetEventId: target.eventId, reason: 'keyed wrongly', data }, personId);
const retracted = (target: NewEvent, personId = PERSON) =>
  event('record.retracted', '2024-01-02', { targetEventId: target.eventId, reason: 'recorded in error' }, personId);

describe('the catalogue examples', () => {
  it('form one valid stream in catalogue order', () => {
    expect(checkStreamRules([], EVENT_TYPES.map((type) => EVENT_CATALOGUE[type].example))).toEqual([]);
  });
});

describe("a person's first event is person.registered, and only once", () => {
  it('refuses an event for a person never registered', () => {
    expect(checkStreamRules([], [arrest()])).toEqual([
      { index: 0, path: 'personId', status: 400, message: "a person's first event must be person.registered: P-1 has not been registered" },
    ]);
  });

  it('accepts events after a registration stored or earlier in the batch', () => {
    const registration = registered();
    expect(checkStreamRules(stored(registration), [arrest()])).toEqual([]);
    expect(checkStreamRules([], [registration, arrest()])).toEqual([]);
  });

  it("does not count another person's registration", () => {
    const violations = checkStreamRules(stored(registered('P-2')), [arrest()]);
    expect(violations.map((v) => [v.index, v.path, v.status])).toEqual([[0, 'personId', 400]]);
  });

  it('refuses a second registration: 409 when the first is stored, 400 when both are in the batch', () => {
    const first = registered();
    expect(checkStreamRules(stored(first), [registered()])).toEqual([
      { index: 0, path: 'type', status: 409, message: `a person is registered only once: P-1 already has person.registered ${first.eventId}` },
    ]);
    expect(checkStreamRules([], [first, arrest(), registered()]).map((v) => [v.index, v.path, v.status])).toEqual([[2, 'type', 400]]);
  });

  it('allows registering again once the registration was retracted as recorded in error', () => {
    const first = registered();
    expect(checkStreamRules(stored(first, retracted(first)), [registered()])).toEqual([]);
  });

  it('leaves an event already stored (a re-import) to the store’s idempotency check', () => {
    const registration = registered();
    const history = [registration, arrest()];
    expect(checkStreamRules(stored(...history), history)).toEqual([]);
  });
});

describe('record.corrected and record.retracted target an event of the same stream', () => {
  const registration = registered();

  it.each(['record.corrected', 'record.retracted'])('%s may target a stored event or one earlier in the batch', (type) => {
    const target = arrest();
    const fix = type === 'record.corrected' ? corrected : retracted;
    expect(checkStreamRules(stored(registration, target), [fix(target)])).toEqual([]);
    expect(checkStreamRules(stored(registration), [target, fix(target)])).toEqual([]);
  });

  it('refuses a target that is unknown, or only later in the batch', () => {
    const target = arrest();
    const violations = checkStreamRules(stored(registration), [retracted(target), target]);
    expect(violations).toEqual([
      {
        index: 0,
        path: 'data.targetEventId',
        status: 400,
        message: `record.retracted must target an event in the same person's stream: ${target.eventId} is not in P-1's stream`,
      },
    ]);
  });

  it("refuses a target in another person's stream, saying whose", () => {
    const theirs = arrest('A-9', 'P-2');
    const violations = checkStreamRules(stored(registration, registered('P-2'), theirs), [corrected(theirs)]);
    expect(violations).toEqual([
      {
        index: 0,
        path: 'data.targetEventId',
        status: 400,
        message: `record.corrected must target an event in the same person's stream: ${theirs.eventId} is not in P-1's stream (it is in P-2's stream)`,
      },
    ]);
  });

  it('refuses to correct or retract a retracted event: 409 when the retraction is stored, 400 in the batch', () => {
    const target = arrest();
    const retraction = retracted(target);
    for (const again of [corrected(target), retracted(target)]) {
      expect(checkStreamRules(stored(registration, target, retraction), [again])).toEqual([
        {
          index: 0,
          path: 'data.targetEventId',
          status: 409,
          message: `a retracted event cannot be corrected or retracted again: ${target.eventId} was retracted by ${retraction.eventId}`,
        },
      ]);
      expect(checkStreamRules(stored(registration, target), [retraction, again]).map((v) => [v.index, v.status])).toEqual([[1, 400]]);
    }
  });

  it('refuses to target a correction or a retraction', () => {
    const target = arrest('A-1');
    const other = arrest('A-2');
    const correction = corrected(target);
    const retraction = retracted(other);
    const history = stored(registration, target, other, correction, retraction);
    expect(checkStreamRules(history, [retracted(correction), corrected(retraction)])).toEqual([
      {
        index: 0,
        path: 'data.targetEventId',
        status: 400,
        message: `record.retracted cannot target a correction or retraction: ${correction.eventId} is record.corrected; target the original event`,
      },
      {
        index: 1,
        path: 'data.targetEventId',
        status: 400,
        message: `record.corrected cannot target a correction or retraction: ${retraction.eventId} is record.retracted; target the original event`,
      },
    ]);
  });

  it('may correct an event more than once (the latest correction wins)', () => {
    const target = arrest();
    expect(checkStreamRules(stored(registration, target, corrected(target)), [corrected(target)])).toEqual([]);
  });

  it('checks the replacement data against the TARGET type', () => {
    const target = arrest();
    const wrongShape = corrected(target, { arrestId: 'A-1', offences: [{ offenceId: 'O-1', offenceDate: '2021-02-30', category: 'burglary' }] });
    const otherTypesData = corrected(target, { disposalId: 'D-1', disposalType: 'caution', offences: [] });
    expect(checkStreamRules(stored(registration, target), [wrongShape, otherTypesData])).toEqual([
      {
        index: 0,
        path: 'data.data.offences[0].offenceDate',
        status: 400,
        message: 'the replacement data must be valid arrest.recorded data: offenceDate must be a real calendar date written YYYY-MM-DD',
      },
      { index: 1, path: 'data.data.disposalId', status: 400, message: 'the replacement data must be valid arrest.recorded data: unknown field "disposalId"' },
      { index: 1, path: 'data.data.disposalType', status: 400, message: 'the replacement data must be valid arrest.recorded data: unknown field "disposalType"' },
      { index: 1, path: 'data.data.arrestId', status: 400, message: 'the replacement data must be valid arrest.recorded data: arrestId is required' },
      {
        index: 1,
        path: 'data.data.offences',
        status: 400,
        message: 'the replacement data must be valid arrest.recorded data: offences should not be empty',
      },
    ]);
  });
});

describe('MAPPA level changes, category changes and reviews need an active registration', () => {
  const registration = registered();
  const mappaRegistered = (on: string) => event('mappa.registered', on, { category: 2, level: 2, leadAgency: 'probation' });
  const deregistered = (on: string) => event('mappa.deregistered', on, { reason: 'ended' });
  const managed = {
    'mappa.level-changed': (on: string) => event('mappa.level-changed', on, { level: 3 }),
    'mappa.category-changed': (on: string) => event('mappa.category-changed', on, { category: 3 }),
    'mappa.reviewed': (on: string) => event('mappa.reviewed', on, { level: 2 }),
  };
  const cases = Object.entries(managed);

  it.each(cases)('%s without any registration is refused, naming the rule', (type, make) => {
    expect(checkStreamRules(stored(registration), [make('2023-06-01')])).toEqual([
      {
        index: 0,
        path: 'type',
        status: 400,
        message: `${type} needs an active MAPPA registration: P-1 has no mappa.registered on or before 2023-06-01 without a mappa.deregistered since`,
      },
    ]);
  });

  it.each(cases)('%s on or after the registration date is accepted, stored or earlier in the batch', (_type, make) => {
    expect(checkStreamRules(stored(registration, mappaRegistered('2023-05-10')), [make('2023-05-10')])).toEqual([]);
    expect(checkStreamRules(stored(registration), [mappaRegistered('2023-05-10'), make('2023-06-01')])).toEqual([]);
  });

  it.each(cases)('%s dated before the registration is refused (valid time, not recording order)', (_type, make) => {
    expect(checkStreamRules(stored(registration, mappaRegistered('2023-05-10')), [make('2023-05-09')])).toHaveLength(1);
  });

  it.each(cases)('%s after a deregistration is refused, and accepted again after re-registration', (_type, make) => {
    const history = stored(registration, mappaRegistered('2023-05-10'), deregistered('2023-09-01'));
    expect(checkStreamRules(history, [make('2023-09-01')])).toHaveLength(1); // deregistered on that day
    expect(checkStreamRules(history, [make('2023-08-31')])).toEqual([]); // the day before, still active
    expect(checkStreamRules(history, [mappaRegistered('2024-01-15'), make('2024-02-01')])).toEqual([]);
  });

  it('takes a late-recorded deregistration dated between registration and change into account', () => {
    const history = stored(registration, mappaRegistered('2023-05-10'), managed['mappa.reviewed']('2023-06-01'), deregistered('2023-05-20'));
    expect(checkStreamRules(history, [managed['mappa.level-changed']('2023-06-02')])).toHaveLength(1);
  });

  it('ignores retracted registrations and deregistrations', () => {
    const registrationInError = mappaRegistered('2023-05-10');
    const deregistrationInError = deregistered('2023-07-01');
    const withRetractedRegistration = stored(registration, registrationInError, retracted(registrationInError));
    expect(checkStreamRules(withRetractedRegistration, [managed['mappa.reviewed']('2023-06-01')])).toHaveLength(1);
    const withRetractedDeregistration = stored(registration, mappaRegistered('2023-05-10'), deregistrationInError, retracted(deregistrationInError));
    expect(checkStreamRules(withRetractedDeregistration, [managed['mappa.reviewed']('2023-08-01')])).toEqual([]);
  });

  it('reads the registration as corrected (its corrected date)', () => {
    const registrationKeyedEarly = mappaRegistered('2023-01-10');
    const dateCorrected = event('record.corrected', '2023-06-01', {
      targetEventId: registrationKeyedEarly.eventId,
      reason: 'registered in May, not January',
      data: registrationKeyedEarly.data,
      occurredAt: '2023-05-10',
    });
    const history = stored(registration, registrationKeyedEarly, dateCorrected);
    expect(checkStreamRules(history, [managed['mappa.level-changed']('2023-03-01')])).toHaveLength(1);
    expect(checkStreamRules(history, [managed['mappa.level-changed']('2023-05-11')])).toEqual([]);
  });

  it('compares on London dates: 23:30 UTC on 9 May in summer is already 10 May', () => {
    const history = stored(registration, mappaRegistered('2023-05-10'));
    expect(checkStreamRules(history, [managed['mappa.reviewed']('2023-05-09T23:30:00Z')])).toEqual([]);
    expect(checkStreamRules(history, [managed['mappa.reviewed']('2023-05-09T22:30:00Z')])).toHaveLength(1);
  });
});

describe('iom.deselected needs a current adoption onto that cohort', () => {
  const registration = registered();
  const adopted = (cohortId: string, on: string) => event('iom.adopted', on, { cohortId, cohortType: 'fixed', reason: 'persistent' });
  const deselected = (cohortId: string, on: string) => event('iom.deselected', on, { cohortId, reason: 'tracking complete' });

  it('refuses deselection with no adoption, naming the cohort', () => {
    expect(checkStreamRules(stored(registration), [deselected('iow-2022-q2', '2024-04-01')])).toEqual([
      {
        index: 0,
        path: 'data.cohortId',
        status: 400,
        message: 'iom.deselected needs a current adoption onto the cohort: P-1 was not on cohort iow-2022-q2 on 2024-04-01',
      },
    ]);
  });

  it('accepts deselection from the cohort the person was adopted onto, and only that one', () => {
    const history = stored(registration, adopted('iow-2022-q2', '2022-04-01'));
    expect(checkStreamRules(history, [deselected('iow-2022-q2', '2024-04-01')])).toEqual([]);
    expect(checkStreamRules(history, [deselected('iow-2022-q3', '2024-04-01')])).toHaveLength(1);
  });

  it('refuses deselecting twice, or before the adoption date', () => {
    const history = stored(registration, adopted('iow-2022-q2', '2022-04-01'));
    expect(checkStreamRules(history, [deselected('iow-2022-q2', '2022-03-31')])).toHaveLength(1);
    const violations = checkStreamRules(history, [deselected('iow-2022-q2', '2024-04-01'), deselected('iow-2022-q2', '2024-05-01')]);
    expect(violations.map((v) => [v.index, v.path])).toEqual([[1, 'data.cohortId']]);
  });
});

describe('recording reads only the rule-relevant part of a stream', () => {
  // RecordEventsHandler reads events of STREAM_RULE_TYPES plus each correction's target by id,
  // not the whole stream: the verdicts must be the same as on the whole stream.
  const ORDINARY = EVENT_TYPES.filter((type) => !['person.registered', 'person.merged', 'record.corrected', 'record.retracted'].includes(type));
  // Rule-relevant types come often and dates are close, so spells open and close around each other.
  const types = fc.oneof(
    { arbitrary: fc.constantFrom(...ORDINARY), weight: 1 },
    { arbitrary: fc.constantFrom('mappa.registered', 'mappa.deregistered', 'mappa.level-changed', 'mappa.reviewed', 'iom.adopted', 'iom.deselected'), weight: 3 },
  );
  const dates = fc.integer({ min: 0, max: 200 }).map((days) => new Date(Date.UTC(2019, 0, 1) + days * 86_400_000).toISOString().slice(0, 10));

  /** Steps of a stream after its registration: a new event of a type, or a correction/retraction of an earlier one. */
  const step = fc.oneof(
    fc.record({ kind: fc.constant('event' as const), type: types, date: dates }),
    fc.record({ kind: fc.constantFrom('correct' as const, 'retract' as const), target: fc.nat(), date: dates }),
  );
  type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

  function play(steps: Step[], earlier: NewEvent[]): NewEvent[] {
    const made: NewEvent[] = [];
    for (const s of steps) {
      const pool = [...earlier, ...made];
      if (s.kind === 'event') {
        const example = EVENT_CATALOGUE[s.type].example;
        made.push({ ...example, eventId: randomUUID(), personId: PERSON, occurredAt: s.date });
      } else if (pool.length > 0) {
        const target = pool[s.target % pool.length];
        // A correction moves its target to the step's date, which can open or close a spell.
        const correction = corrected(target, target.data);
        made.push(s.kind === 'correct' ? { ...correction, data: { ...correction.data, occurredAt: s.date } } : retracted(target));
      }
    }
    return made;
  }

  it('gives the same verdicts on the whole stream and on its rule-relevant part with the targets', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.array(step, { maxLength: 30 }), fc.array(step, { minLength: 1, maxLength: 8 }), (registeredFirst, history, batch) => {
        const whole = stored(...(registeredFirst ? [registered()] : []), ...play(history, []));
        const incoming = play(batch, whole);
        const targets = new Set(incoming.map((e) => e.data.targetEventId));
        const part = whole.filter((e) => STREAM_RULE_TYPES.includes(e.type) || targets.has(e.eventId));
        expect(checkStreamRules(part, incoming)).toEqual(checkStreamRules(whole, incoming));
      }),
      { numRuns: 1000 },
    );
  });
});
