import { EVENT_CATALOGUE, EVENT_TYPES, EventType } from '../catalogue';
import type { NewEvent } from '../envelope';
import { catalogueJsonSchema, SchemaObject } from '../json-schema';
import { normaliseNewEvent, validateCorrectionData, validateNewEvent } from './validate-event';

/** A fresh, mutable copy of a type's example. */
function example(type: EventType): NewEvent & Record<string, unknown> {
  return structuredClone(EVENT_CATALOGUE[type].example) as NewEvent & Record<string, unknown>;
}

function withData(type: EventType, data: Record<string, unknown>): NewEvent {
  return { ...example(type), data };
}

// ---------------------------------------------------------------------------------------------
// Field tables generated from the catalogue: its examples and the JSON Schema of its classes.
// ---------------------------------------------------------------------------------------------
const { schemas } = catalogueJsonSchema({ refPointerPrefix: '#/' });

function resolve(schema: SchemaObject): SchemaObject & { $ref?: string } {
  const s = schema as SchemaObject & { $ref?: string };
  if (s.$ref) return schemas[s.$ref.slice(2)];
  // A personal field offers [its own shape, the encrypted envelope]: its own shape is the first.
  if (s.oneOf) return resolve(s.oneOf[0] as SchemaObject);
  return s;
}

interface Field {
  type: EventType;
  /** Keys from the event root, e.g. ['data', 'offences', 0, 'offenceDate']. */
  keys: (string | number)[];
  path: string;
  required: boolean;
  schema: SchemaObject;
  className: string;
}

function pathOf(keys: (string | number)[]): string {
  return keys.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
}

function* fieldsOf(type: EventType, value: unknown, className: string, keys: (string | number)[]): Generator<Field> {
  const schema = schemas[className];
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    const childKeys = [...keys, key];
    const propertySchema = schema.properties?.[key] as SchemaObject;
    const resolved = resolve(propertySchema);
    yield { type, keys: childKeys, path: pathOf(childKeys), required: (schema.required ?? []).includes(key), schema: resolved, className };
    const nested = (ref?: string) => ref?.slice(2);
    if (resolved.type === 'array' && Array.isArray(child)) {
      const itemClass = nested((resolved.items as { $ref?: string }).$ref);
      if (itemClass) for (const [i, item] of child.entries()) yield* fieldsOf(type, item, itemClass, [...childKeys, i]);
    } else if (resolved.properties && className !== nested((propertySchema as { $ref?: string }).$ref)) {
      const childClass = Object.keys(schemas).find((name) => schemas[name] === resolved);
      if (childClass) yield* fieldsOf(type, child, childClass, childKeys);
    }
  }
}

const FIELDS: Field[] = EVENT_TYPES.flatMap((type) => [
  ...fieldsOf(type, EVENT_CATALOGUE[type].example.data, EVENT_CATALOGUE[type].dataClass.name, ['data']),
]);

function mutate(type: EventType, keys: (string | number)[], change: (parent: Record<string | number, unknown>, key: string | number) => void) {
  const event = example(type) as unknown as Record<string | number, unknown>;
  const parent = keys.slice(0, -1).reduce<Record<string | number, unknown>>((o, k) => o[k] as Record<string | number, unknown>, event);
  change(parent, keys[keys.length - 1]);
  return event;
}

const label = (f: Field) => `${f.type} ${f.path}`;

const RJ_RULE = 'participants must include the offender and at least one victim (Offender Rehabilitation Act 2014 s.15)';

/**
 * The problems a broken field causes beyond its own: breaking a participant's role can also leave
 * the RJ conference without its offender or victim, which is rightly reported too.
 */
function problemsBesidesConsequences(field: Field, event: unknown) {
  const problems = validateNewEvent(event);
  return field.path.startsWith('data.participants[') ? problems.filter((p) => p.message !== RJ_RULE) : problems;
}
const table = (fields: Field[]) => fields.map((f) => [label(f), f] as const);

describe('the catalogue examples', () => {
  it.each(EVENT_TYPES)('%s: its example is valid', (type) => {
    expect(validateNewEvent(EVENT_CATALOGUE[type].example)).toEqual([]);
  });

  it('exercise every field of every class, so the generated tests below cover them all', () => {
    const declared = Object.entries(schemas)
      .filter(([name]) => name !== 'NewEvent' && name !== 'NewEventEnvelope' && name !== 'EventSourceEnvelope')
      .flatMap(([name, schema]) => Object.keys(schema.properties ?? {}).map((p) => `${name}.${p}`));
    const exercised = new Set(FIELDS.map((f) => `${f.className}.${f.keys[f.keys.length - 1]}`));
    expect(declared.filter((field) => !exercised.has(field))).toEqual([]);
  });
});

describe('required fields (generated from the catalogue)', () => {
  it.each(table(FIELDS.filter((f) => f.required)))('%s missing is reported at its path', (_label, field) => {
    const event = mutate(field.type, field.keys, (parent, key) => delete parent[key]);
    expect(problemsBesidesConsequences(field, event)).toEqual([{ path: field.path, message: `${field.keys[field.keys.length - 1]} is required` }]);
  });

  it.each(table(FIELDS.filter((f) => !f.required)))('%s may be left out', (_label, field) => {
    const event = mutate(field.type, field.keys, (parent, key) => delete parent[key]);
    expect(validateNewEvent(event)).toEqual([]);
  });

  it.each(table(FIELDS.filter((f) => !f.required)))('%s may be absent but not null', (_label, field) => {
    const event = mutate(field.type, field.keys, (parent, key) => (parent[key] = null));
    expect(validateNewEvent(event).map((p) => p.path)).toContain(field.path);
  });
});

describe('enumerations (generated from the catalogue)', () => {
  const enumerated = FIELDS.filter((f) => f.schema.enum || (f.schema.items as SchemaObject | undefined)?.enum);

  it.each(table(enumerated))('%s outside its enumeration is rejected', (_label, field) => {
    const outsider = 'not-in-the-list';
    const event = mutate(field.type, field.keys, (parent, key) => {
      parent[key] = field.schema.type === 'array' ? [outsider] : outsider;
    });
    expect(problemsBesidesConsequences(field, event)).toEqual([
      { path: field.path, message: expect.stringContaining('must be one of the following values') },
    ]);
  });

  it.each(table(enumerated.filter((f) => f.schema.enum)))('%s is case-sensitive (enumerations are lowercase)', (_label, field) => {
    const event = mutate(field.type, field.keys, (parent, key) => {
      parent[key] = String(parent[key]).toUpperCase();
    });
    expect(problemsBesidesConsequences(field, event).map((p) => p.path)).toEqual([field.path]);
  });
});

describe('integers in range (generated: MAPPA category 1-4 and level 1-3, sentence length)', () => {
  const integers = FIELDS.filter((f) => f.schema.type === 'integer');

  it.each(table(integers))('%s must be a whole number, in range, and a number', (_label, field) => {
    const { minimum, maximum } = field.schema as { minimum: number; maximum?: number };
    const problemsWith = (value: unknown) =>
      validateNewEvent(mutate(field.type, field.keys, (parent, key) => (parent[key] = value))).map((p) => p.path);
    expect(problemsWith(minimum)).toEqual([]);
    expect(problemsWith(minimum - 1)).toContain(field.path);
    if (maximum !== undefined) {
      expect(problemsWith(maximum)).toEqual([]);
      expect(problemsWith(maximum + 1)).toContain(field.path);
    }
    expect(problemsWith(minimum + 0.5)).toContain(field.path);
    expect(problemsWith(String(minimum))).toContain(field.path); // not coerced
  });
});

describe('calendar dates (generated: offenceDate, dateOfBirth, expiresOn, nextReviewDue)', () => {
  const dates = FIELDS.filter((f) => f.schema.format === 'date');

  it.each(table(dates))('%s must be a real date written YYYY-MM-DD', (_label, field) => {
    const problemsWith = (value: unknown) =>
      validateNewEvent(mutate(field.type, field.keys, (parent, key) => (parent[key] = value)));
    const expected = [{ path: field.path, message: expect.stringContaining('real calendar date') }];
    expect(problemsWith('2023-02-30')).toEqual(expected); // no 30 February
    expect(problemsWith('2023-02-29')).toEqual(expected); // 2023 is not a leap year
    expect(problemsWith('15/07/1994')).toEqual(expected);
    expect(problemsWith('2024-06-30T10:00:00Z')).toEqual(expected); // an instant is not a date
    expect(problemsWith('2024-02-29')).toEqual([]);
  });

  it('found the four date fields of the catalogue', () => {
    expect([...new Set(dates.map((f) => f.keys[f.keys.length - 1]))].sort()).toEqual(['dateOfBirth', 'expiresOn', 'nextReviewDue', 'offenceDate']);
  });
});

describe('the envelope', () => {
  const base = () => example('arrest.recorded');

  it.each([
    ['eventId', 'not-a-uuid'],
    ['eventId', 12345],
    ['type', 'arrest.made'],
    ['personId', ''],
    ['personId', 42],
    ['occurredAt', '2023-02-30'],
    ['occurredAt', '2024-06-30T10:00:00'], // an instant needs its offset
    ['occurredAt', '30/06/2024'],
    ['recordedAt', '2024-06-30'], // recordedAt is an instant, not a date
    ['area', 'Hampshire IOW'],
    ['area', 'hampshire_iow'],
    ['area', ''],
    ['recordedBy', 7],
    ['expectedVersion', -1],
    ['expectedVersion', 1.5],
    ['expectedVersion', '3'],
    ['source', 'pnc'],
    ['data', 'arrested'],
    ['data', ['ARR-1']],
  ])('%s = %j is rejected at that field', (field, value) => {
    const paths = validateNewEvent({ ...base(), [field]: value }).map((p) => p.path);
    expect([...new Set(paths)]).toEqual([field]);
  });

  it('refuses an instant finer than a microsecond, which the ledger could not keep, naming the field', () => {
    const problems = validateNewEvent({ ...base(), occurredAt: '2024-06-30T10:00:00.123456789Z', recordedAt: '2024-06-30T10:00:00.000000001+01:00' });
    expect(problems.map((problem) => problem.path)).toEqual(['occurredAt', 'recordedAt']);
    expect(problems[1].message).toContain('more precise than a microsecond');
    const correction = example('record.corrected');
    expect(validateNewEvent({ ...correction, data: { ...correction.data, occurredAt: '2021-11-03T02:40:00.0000001Z' } }).map((p) => p.path)).toEqual(['data.occurredAt']);
    expect(validateNewEvent({ ...base(), recordedAt: '2024-06-30T10:00:00.123456000Z' })).toEqual([]);
  });

  it.each(['eventId', 'type', 'personId', 'occurredAt', 'area', 'data'])('%s is required', (field) => {
    const event = base();
    delete event[field];
    expect(validateNewEvent(event)).toEqual([{ path: field, message: `${field} is required` }]);
  });

  it.each(['recordedAt', 'source', 'recordedBy', 'expectedVersion'])('%s is optional', (field) => {
    const event = { ...base(), recordedAt: '2024-01-01T00:00:00Z', expectedVersion: 0 };
    delete (event as Record<string, unknown>)[field];
    expect(validateNewEvent(event)).toEqual([]);
  });

  it('checks the source system against its list and allows the reference to be left out', () => {
    expect(validateNewEvent({ ...base(), source: { system: 'pnc' } })).toEqual([]);
    expect(validateNewEvent({ ...base(), source: { system: 'police-national-computer', reference: 'x' } }).map((p) => p.path)).toEqual([
      'source.system',
    ]);
    expect(validateNewEvent({ ...base(), source: { reference: 'x' } })).toEqual([{ path: 'source.system', message: 'system is required' }]);
  });

  it('accepts occurredAt as a date or an instant with any offset', () => {
    for (const occurredAt of ['2024-06-30', '2024-06-30T23:30:00Z', '2024-06-30T23:30:00.123+01:00']) {
      expect(validateNewEvent({ ...base(), occurredAt })).toEqual([]);
    }
  });

  it('does not check data against an unknown type (there is nothing to check it against)', () => {
    expect(validateNewEvent({ ...base(), type: 'arrest.made', data: { anything: true } })).toEqual([
      { path: 'type', message: 'type must be an event type of the catalogue, not "arrest.made"' },
    ]);
  });

  it('rejects something that is not an object at all', () => {
    for (const raw of [null, 'event', 42, [base()]]) {
      expect(validateNewEvent(raw)).toEqual([{ path: '', message: 'an event must be a JSON object' }]);
    }
  });
});

describe('strictness', () => {
  it('rejects unknown fields anywhere, naming them', () => {
    const event = example('arrest.recorded');
    event.colour = 'blue';
    (event.source as unknown as Record<string, unknown>).system_id = 'x';
    event.data.arrestingOfficer = 'PC 123';
    (event.data.offences as Record<string, unknown>[])[0].severity = 'high';
    expect(validateNewEvent(event)).toEqual([
      { path: 'colour', message: 'unknown field "colour"' },
      { path: 'source.system_id', message: 'unknown field "system_id"' },
      { path: 'data.arrestingOfficer', message: 'unknown field "arrestingOfficer"' },
      { path: 'data.offences[0].severity', message: 'unknown field "severity"' },
    ]);
  });

  it('does not coerce: a number where a string is wanted is an error', () => {
    const event = withData('arrest.recorded', {
      arrestId: 77123,
      offences: [{ offenceId: 42, offenceDate: 20211102, category: 'theft' }],
    });
    expect(validateNewEvent(event).map((p) => p.path)).toEqual([
      'data.arrestId',
      'data.offences[0].offenceId',
      'data.offences[0].offenceDate',
    ]);
  });

  it('reports every problem of an event at once, each at its full path', () => {
    const event = {
      ...example('arrest.recorded'),
      eventId: 'nope',
      occurredAt: 'yesterday',
      data: {
        arrestId: '',
        offences: [
          { offenceId: 'A', offenceDate: '2021-11-02', category: 'theft' },
          { offenceId: 'B', category: 'arson' },
          'C',
        ],
      },
    };
    expect(validateNewEvent(event)).toEqual([
      { path: 'eventId', message: 'eventId must be a UUID' },
      { path: 'occurredAt', message: 'occurredAt must be an ISO-8601 date (YYYY-MM-DD) or instant with an offset' },
      { path: 'data.arrestId', message: 'arrestId must not be empty' },
      { path: 'data.offences[1].offenceDate', message: 'offenceDate is required' },
      { path: 'data.offences[1].category', message: expect.stringContaining('category must be one of the following values: violence') },
      { path: 'data.offences[2]', message: 'offences[2] must be an object' },
    ]);
  });

  it('requires at least one offence, identifier and participant where the list is required', () => {
    expect(validateNewEvent(withData('arrest.recorded', { arrestId: 'A', offences: [] })).map((p) => p.path)).toEqual(['data.offences']);
    expect(validateNewEvent(withData('charge.recorded', { offenceIds: [] })).map((p) => p.path)).toEqual(['data.offenceIds']);
    const registered = example('person.registered');
    expect(validateNewEvent({ ...registered, data: { ...registered.data, identifiers: [] } }).map((p) => p.path)).toEqual([
      'data.identifiers',
    ]);
  });

  it('does not take an array where one object is wanted', () => {
    const event = withData('person.identifier-linked', { identifier: [{ type: 'pnc', value: '2019/0123456A' }] });
    expect(validateNewEvent(event)).toEqual([{ path: 'data.identifier', message: 'identifier must be an object' }]);
  });
});

describe('encrypted personal data {"$enc": "..."}', () => {
  const sealed = { $enc: 'djEuYWVzLWdjbS4uLg' };
  const personalFields = EVENT_TYPES.flatMap((type) => EVENT_CATALOGUE[type].personalDataPaths.map((path) => [type, path] as const));

  it('covers exactly the personal fields of interchange.md', () => {
    expect(personalFields).toEqual([
      ['person.registered', 'identifiers'],
      ['person.registered', 'dateOfBirth'],
      ['person.registered', 'name'],
      ['person.identifier-linked', 'identifier'],
    ]);
  });

  it.each(personalFields)('%s: is accepted in place of %s', (type, path) => {
    const event = example(type);
    event.data[path] = sealed;
    expect(validateNewEvent(event)).toEqual([]);
  });

  it('is accepted for every personal field at once, as an export writes them', () => {
    const event = example('person.registered');
    Object.assign(event.data, { identifiers: sealed, dateOfBirth: sealed, name: sealed });
    expect(validateNewEvent(event)).toEqual([]);
  });

  const notPersonal = FIELDS.filter(
    (f) =>
      (f.keys.length > 2 || !EVENT_CATALOGUE[f.type].personalDataPaths.includes(String(f.keys[1]))) &&
      // a correction's replacement data is any object until checked against its target (below)
      f.path !== 'data.data',
  );
  it.each(table(notPersonal))(
    '%s: is rejected (not personal data)',
    (_label, field) => {
      const event = mutate(field.type, field.keys, (parent, key) => (parent[key] = sealed));
      expect(validateNewEvent(event).map((p) => p.path)).toContain(field.path);
    },
  );

  it.each([
    [{ $enc: '' }],
    [{ $enc: 42 }],
    [{ $enc: 'abc', iv: 'def' }],
  ])('a malformed envelope %j is reported as such', (malformed) => {
    const event = example('person.registered');
    event.data.name = malformed;
    expect(validateNewEvent(event)).toEqual([
      { path: 'data.name', message: 'name: an encrypted value must be exactly {"$enc": "<non-empty ciphertext>"}' },
    ]);
  });

  it('still requires the field: an absent personal field is not an encrypted one', () => {
    const event = example('person.registered');
    delete event.data.dateOfBirth;
    expect(validateNewEvent(event)).toEqual([{ path: 'data.dateOfBirth', message: 'dateOfBirth is required' }]);
  });
});

describe('restorative justice: the offender and at least one victim (Offender Rehabilitation Act 2014 s.15)', () => {
  const conference = (...roles: string[]) =>
    withData('rj.conference.held', { rjCaseId: 'RJ-1', participants: roles.map((role) => ({ role })) });
  const RJ_PROBLEM = {
    path: 'data.participants',
    message: 'participants must include the offender and at least one victim (Offender Rehabilitation Act 2014 s.15)',
  };

  it.each([
    [['offender', 'facilitator']],
    [['victim', 'victim-supporter', 'facilitator']],
    [['offender', 'victim-supporter', 'facilitator']], // a supporter is not the victim
    [['offender-supporter', 'victim']],
  ])('%j is not restorative justice', (roles) => {
    expect(validateNewEvent(conference(...roles))).toEqual([RJ_PROBLEM]);
  });

  it.each([[['offender', 'victim']], [['victim', 'victim', 'offender', 'facilitator']]])('%j is', (roles) => {
    expect(validateNewEvent(conference(...roles))).toEqual([]);
  });
});

describe('validateCorrectionData: the replacement data against the TARGET type', () => {
  const arrest = () => structuredClone(EVENT_CATALOGUE['arrest.recorded'].example.data);

  it('accepts data that is valid for the target type', () => {
    expect(validateCorrectionData('arrest.recorded', arrest())).toEqual([]);
  });

  it('reports problems under data.data by default, or under the prefix given', () => {
    const data = { ...arrest(), offences: [{ offenceId: 'X', offenceDate: '2021-02-30', category: 'theft' }] };
    delete (data as Record<string, unknown>).arrestId;
    expect(validateCorrectionData('arrest.recorded', data)).toEqual([
      { path: 'data.data.arrestId', message: 'arrestId is required' },
      { path: 'data.data.offences[0].offenceDate', message: 'offenceDate must be a real calendar date written YYYY-MM-DD' },
    ]);
    expect(validateCorrectionData('arrest.recorded', { ...arrest(), extra: 1 }, 'line.data')).toEqual([
      { path: 'line.data.extra', message: 'unknown field "extra"' },
    ]);
  });

  it('applies the target type’s own rules, such as RJ participants', () => {
    expect(validateCorrectionData('rj.conference.held', { rjCaseId: 'RJ-1', participants: [{ role: 'offender' }] }).map((p) => p.path)).toEqual([
      'data.data.participants',
    ]);
  });

  it('keeps personal data sealed when correcting a registration', () => {
    const data = { ...EVENT_CATALOGUE['person.registered'].example.data, name: { $enc: 'c2VhbGVk' } };
    expect(validateCorrectionData('person.registered', data)).toEqual([]);
  });

  it('refuses an unknown target type and data that is not an object', () => {
    expect(validateCorrectionData('arrest.made', arrest())).toEqual([
      { path: 'data.data', message: 'the target\'s type "arrest.made" is not in the catalogue' },
    ]);
    expect(validateCorrectionData('arrest.recorded', 'ARR-1')).toEqual([{ path: 'data.data', message: 'data.data must be an object' }]);
  });

  it('is not applied by validateNewEvent, which cannot know the target type', () => {
    const correction = example('record.corrected');
    correction.data.data = { anything: 'at all' };
    expect(validateNewEvent(correction)).toEqual([]);
  });
});

describe('normaliseNewEvent', () => {
  const base = example('arrest.recorded');

  it('keeps a date as a date and writes an instant in UTC with milliseconds', () => {
    expect(normaliseNewEvent({ ...base, occurredAt: '2024-06-30' }).occurredAt).toBe('2024-06-30');
    // 23:30 British Summer Time is 22:30 UTC.
    expect(normaliseNewEvent({ ...base, occurredAt: '2024-06-30T23:30:00+01:00' }).occurredAt).toBe('2024-06-30T22:30:00.000Z');
    expect(normaliseNewEvent({ ...base, recordedAt: '2024-07-01T09:00Z' }).recordedAt).toBe('2024-07-01T09:00:00.000Z');
  });

  it('keeps the microseconds of an instant that has them (as known at T compares them)', () => {
    expect(normaliseNewEvent({ ...base, recordedAt: '2024-07-01T10:00:00.0005+01:00' }).recordedAt).toBe('2024-07-01T09:00:00.000500Z');
    expect(normaliseNewEvent({ ...base, occurredAt: '2024-07-01T09:00:00.123456Z' }).occurredAt).toBe('2024-07-01T09:00:00.123456Z');
    expect(normaliseNewEvent({ ...base, recordedAt: '2024-07-01T09:00:00.120000Z' }).recordedAt).toBe('2024-07-01T09:00:00.120Z');
  });

  it('normalises a correction’s replacement occurredAt the same way', () => {
    const corrected = normaliseNewEvent({ ...example('record.corrected'), data: { ...example('record.corrected').data, occurredAt: '2021-11-03T02:40+00:00' } });
    expect(corrected.data.occurredAt).toBe('2021-11-03T02:40:00.000Z');
  });

  it('leaves recordedAt absent when it was absent, and is idempotent', () => {
    const once = normaliseNewEvent({ ...base, occurredAt: '2024-01-31T23:30:00-05:00' });
    expect(once).not.toHaveProperty('recordedAt');
    expect(once.occurredAt).toBe('2024-02-01T04:30:00.000Z');
    expect(normaliseNewEvent(once)).toEqual(once);
  });

  it('does not change the event it is given', () => {
    const event = { ...base, occurredAt: '2024-06-30T23:30:00+01:00' };
    normaliseNewEvent(event);
    expect(event.occurredAt).toBe('2024-06-30T23:30:00+01:00');
  });
});

describe('keys JSON allows but objects treat specially', () => {
  it('rejects __proto__ and constructor as unknown fields, wherever they are', () => {
    const line = JSON.stringify(example('arrest.recorded'))
      .replace('"force":', '"__proto__":{"polluted":true},"force":')
      .replace('"offenceId":', '"constructor":"x","offenceId":')
      .replace('"area":', '"__proto__":1,"area":');
    expect(validateNewEvent(JSON.parse(line))).toEqual([
      { path: '__proto__', message: 'unknown field "__proto__"' },
      { path: 'data.__proto__', message: 'unknown field "__proto__"' },
      { path: 'data.offences[0].constructor', message: 'unknown field "constructor"' },
    ]);
  });

  it('validateCorrectionData also rejects __proto__ and constructor in the replacement data', () => {
    const data = JSON.parse('{"__proto__": {}, "arrestId": "A-1", "offences": [{"constructor": 1, "offenceId": "O", "offenceDate": "2021-01-01", "category": "theft"}]}');
    expect(validateCorrectionData('arrest.recorded', data)).toEqual([
      { path: 'data.data.__proto__', message: 'unknown field "__proto__"' },
      { path: 'data.data.offences[0].constructor', message: 'unknown field "constructor"' },
    ]);
  });
});
