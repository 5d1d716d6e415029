import { EVENT_TYPES, checkStreamRules, validateNewEvent, type NewEvent } from '@ledger/domain';
import { DEFAULT_UNTIL, estimateEventsPerPerson, generatePopulation } from './population';

/** Splits a population into its streams (each person's events are contiguous). */
function streamsOf(events: Iterable<NewEvent>): NewEvent[][] {
  const streams: NewEvent[][] = [];
  for (const event of events) {
    const current = streams.at(-1);
    if (current && current[0].personId === event.personId) current.push(event);
    else streams.push([event]);
  }
  return streams;
}

const ndjson = (events: Iterable<NewEvent>): string => [...events].map((event) => JSON.stringify(event)).join('\n');
const dateOf = (isoDateOrInstant: string): string => isoDateOrInstant.slice(0, 10);

describe('generatePopulation', () => {
  const population = [...generatePopulation({ people: 200 })];
  const streams = streamsOf(population);

  it('gives byte-identical output for the same seed and different output for another', () => {
    const again = ndjson(generatePopulation({ people: 200 }));
    expect(again).toBe(ndjson(population));
    const other = [...generatePopulation({ people: 200, seed: 'another seed' })];
    expect(ndjson(other)).not.toBe(ndjson(population));
    expect(other[0].eventId).not.toBe(population[0].eventId);
  });

  it('streams one stream per person, plus one per duplicate record', () => {
    const people = new Set(population.map((event) => event.personId));
    expect(people.size).toBe(streams.length); // no person's events are split
    const merged = population.filter((event) => event.type === 'person.merged').length;
    expect(streams.length).toBe(200 + merged);
  });

  it.each(['journey-ledger', 'seed-2', 42])('uses every event type of the catalogue in 200 people (seed %s)', (seed) => {
    const types = new Set<string>();
    for (const event of generatePopulation({ people: 200, seed })) types.add(event.type);
    expect(EVENT_TYPES.filter((type) => !types.has(type))).toEqual([]);
  });

  it('writes only events that validate against the catalogue', () => {
    const invalid = population
      .map((event) => ({ event, problems: validateNewEvent(event) }))
      .filter(({ problems }) => problems.length > 0);
    expect(invalid.slice(0, 3)).toEqual([]);
  });

  it('keeps every stream within the domain stream rules (registered first, corrections in stream, MAPPA and IOM spells)', () => {
    const violations = streams.flatMap((stream) => checkStreamRules([], stream));
    expect(violations.slice(0, 3)).toEqual([]);
  });

  it('starts every stream with person.registered and emits it in recordedAt order, never after until', () => {
    for (const stream of streams) {
      expect(stream[0].type).toBe('person.registered');
      const recorded = stream.map((event) => event.recordedAt ?? '');
      expect(recorded).toEqual([...recorded].sort());
      expect(recorded.every((at) => at !== '' && at <= DEFAULT_UNTIL)).toBe(true);
    }
  });

  it('records events after they happen, except late court results, which arrive after later events', () => {
    const recordedBeforeOccurring = population.filter((event) => Date.parse(event.recordedAt ?? '') < Date.parse(event.occurredAt));
    expect(recordedBeforeOccurring).toEqual([]);
    const lateResults = streams.flatMap((stream) =>
      stream.filter(
        (event, n) =>
          event.type === 'conviction.recorded' && stream.slice(0, n).some((earlier) => dateOf(earlier.occurredAt) > dateOf(event.occurredAt)),
      ),
    );
    expect(lateResults.length).toBeGreaterThan(0);
  });

  it('includes an offender and at least one victim in every RJ conference', () => {
    const conferences = population.filter((event) => event.type === 'rj.conference.held');
    expect(conferences.length).toBeGreaterThan(0);
    for (const { data } of conferences) {
      const roles = (data.participants as Array<{ role: string }>).map((participant) => participant.role);
      expect(roles).toEqual(expect.arrayContaining(['offender', 'victim']));
    }
  });

  it('proves offences that an earlier arrest of the same person recorded (shared offenceId)', () => {
    for (const stream of streams) {
      const arrested = new Set(
        stream.filter((e) => e.type === 'arrest.recorded').flatMap((e) => (e.data.offences as Array<{ offenceId: string }>).map((o) => o.offenceId)),
      );
      for (const conviction of stream.filter((e) => e.type === 'conviction.recorded')) {
        for (const { offenceId } of conviction.data.offences as Array<{ offenceId: string }>) expect(arrested).toContain(offenceId);
      }
    }
  });

  it('merges each duplicate record into a person registered earlier in the output', () => {
    const seen = new Set<string>();
    for (const stream of streams) {
      const merge = stream.find((event) => event.type === 'person.merged');
      if (merge) {
        expect(seen).toContain(merge.data.intoPersonId);
        expect(stream.at(-1)).toBe(merge); // the duplicate record ends with its merge
      }
      seen.add(stream[0].personId);
    }
  });

  it('gives people identifiers in the issuing systems formats', () => {
    const formats: Record<string, RegExp> = {
      pnc: /^\d{4}\/\d{7}[A-Z]$/,
      cro: /^\d{6}\/\d{2}[A-Z]$/,
      crn: /^[A-Z]\d{6}$/,
      noms: /^[A-Z]\d{4}[A-Z]{2}$/,
      visor: /^VIS\d{7}$/,
      force: /^\d{2}\/\d{4}\/\d{6}$/,
    };
    const identifiers = population.flatMap((event) =>
      event.type === 'person.registered'
        ? (event.data.identifiers as Array<{ type: string; value: string }>)
        : event.type === 'person.identifier-linked'
          ? [event.data.identifier as { type: string; value: string }]
          : [],
    );
    for (const { type, value } of identifiers) expect(value).toMatch(formats[type]);
    const pncs = identifiers.filter((identifier) => identifier.type === 'pnc').map((identifier) => identifier.value);
    expect(new Set(pncs).size).toBe(pncs.length);
  });

  it('is mostly men, mostly aged 18 to 40 when they first come to notice', () => {
    // One registration per person: duplicate records (merged away) are the same people again.
    const registrations = streams.filter((stream) => stream.at(-1)?.type !== 'person.merged').map((stream) => stream[0]);
    expect(registrations).toHaveLength(200);
    const men = registrations.filter((event) => event.data.gender === 'male').length;
    // Seeds: 82% (CRC) to 91% (NPS) men; 200 people give a sampling error of about 2.4 points.
    expect(men / registrations.length).toBeGreaterThan(0.8);
    expect(men / registrations.length).toBeLessThan(0.95);
    const ageAt = (event: NewEvent) => (Date.parse(event.occurredAt) - Date.parse(String(event.data.dateOfBirth))) / (365.25 * 86_400_000);
    const adultsUnder40 = registrations.filter((event) => ageAt(event) >= 18 && ageAt(event) < 41).length;
    expect(adultsUnder40 / registrations.length).toBeGreaterThan(0.6);
  });

  it('forms IOM cohorts of 11 to 19 people per area and quarter', () => {
    const members = new Map<string, Set<string>>();
    for (const event of population.filter((e) => e.type === 'iom.adopted')) {
      const cohortId = String(event.data.cohortId);
      expect(cohortId).toMatch(/^(hampshire-iow|dorset|warwickshire)-20\d\d-q[1-4]$/);
      expect(['fixed', 'flex', 'free']).toContain(event.data.cohortType);
      members.set(cohortId, (members.get(cohortId) ?? new Set()).add(event.personId));
    }
    // 12% of 200 people = 24 places: one cohort of 11-19, the rest too few for another.
    expect(members.size).toBeGreaterThan(0);
    for (const people of members.values()) {
      expect(people.size).toBeGreaterThanOrEqual(11);
      expect(people.size).toBeLessThanOrEqual(19);
    }
  });

  it('estimates events per person within 25% of a population of 600', () => {
    let events = 0;
    for (const _event of generatePopulation({ people: 600, seed: 'estimate check' })) events++;
    expect(estimateEventsPerPerson()).toBeGreaterThan((events / 600) * 0.75);
    expect(estimateEventsPerPerson()).toBeLessThan((events / 600) * 1.25);
  });
});
