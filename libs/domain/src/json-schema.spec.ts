import { IsString } from 'class-validator';
import { EVENT_CATALOGUE, EVENT_TYPES } from './catalogue';
import { catalogueJsonSchema } from './json-schema';

/** A class-validator class from elsewhere in the process, which must stay out of the catalogue. */
class SomeoneElsesDto {
  @IsString() query: string;
}

describe('catalogueJsonSchema', () => {
  const { schemas, newEvent } = catalogueJsonSchema();
  const refs = (value: unknown): string[] => [...JSON.stringify(value).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]);

  it('offers one alternative per type, pairing the type with its data schema and example', () => {
    expect(newEvent.oneOf).toHaveLength(EVENT_TYPES.length);
    const first = newEvent.oneOf?.[0] as { title: string; allOf: { properties?: Record<string, unknown> }[]; example: unknown };
    expect(first.title).toBe('person.registered');
    expect(first.allOf[1].properties).toEqual({
      type: { type: 'string', enum: ['person.registered'] },
      data: { $ref: '#/components/schemas/PersonRegisteredData' },
    });
    expect(first.example).toEqual(EVENT_CATALOGUE['person.registered'].example);
    expect(schemas.NewEvent).toBe(newEvent);
  });

  it('resolves every $ref within itself, and holds only the catalogue’s classes', () => {
    const names = new Set(Object.keys(schemas));
    for (const ref of refs(schemas)) expect(names).toContain(ref.replace('#/components/schemas/', ''));
    expect(names).not.toContain(SomeoneElsesDto.name);
    expect(names).not.toContain('InterventionData'); // the shared parent is no type of its own
    expect(schemas.InterventionStartedData.properties).toHaveProperty('pathway');
  });

  it('is strict like the validator: no additional properties', () => {
    for (const [name, schema] of Object.entries(schemas)) {
      if (name !== 'NewEvent') expect([name, schema.additionalProperties]).toEqual([name, false]);
    }
  });

  it('describes integers in range, calendar dates, instants and enumerations', () => {
    expect(schemas.MappaRegisteredData.properties?.category).toMatchObject({ type: 'integer', minimum: 1, maximum: 4 });
    expect(schemas.MappaRegisteredData.properties?.level).toMatchObject({ type: 'integer', minimum: 1, maximum: 3 });
    expect(schemas.Offence.properties?.offenceDate).toMatchObject({ type: 'string', format: 'date' });
    expect(schemas.NewEventEnvelope.properties?.recordedAt).toMatchObject({ type: 'string', format: 'date-time' });
    expect(schemas.Participant.properties?.role).toMatchObject({ enum: ['offender', 'victim', 'victim-supporter', 'offender-supporter', 'facilitator', 'other'] });
    expect(schemas.NeedsAssessedData.properties?.needs).toMatchObject({ type: 'array', items: { enum: expect.arrayContaining(['ete']) } });
  });

  it('offers the encrypted form for personal fields only', () => {
    const encrypted = { $enc: { type: 'string', minLength: 1 } };
    expect(schemas.PersonRegisteredData.properties?.name).toMatchObject({ oneOf: [{ type: 'string' }, { properties: encrypted }] });
    expect(schemas.PersonRegisteredData.properties?.gender).not.toHaveProperty('oneOf');
    const withEncryptedForm = Object.entries(schemas).flatMap(([name, schema]) =>
      Object.entries(schema.properties ?? {})
        .filter(([, property]) => JSON.stringify(property).includes('"$enc"'))
        .map(([property]) => `${name}.${property}`),
    );
    expect(withEncryptedForm).toEqual([
      'PersonRegisteredData.identifiers',
      'PersonRegisteredData.dateOfBirth',
      'PersonRegisteredData.name',
      'PersonIdentifierLinkedData.identifier',
    ]);
  });

  it('takes another $ref prefix for a standalone JSON Schema document', () => {
    const standalone = catalogueJsonSchema({ refPointerPrefix: '#/definitions/' });
    expect(refs(standalone.schemas).every((ref) => ref.startsWith('#/definitions/'))).toBe(true);
  });
});
