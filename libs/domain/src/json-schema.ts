/**
 * JSON Schema of the whole catalogue, generated from the same classes the validator uses, for the
 * OpenAPI document: one schema per class (data classes, shared nested classes, the envelope) and
 * `NewEvent`, a oneOf over the types pairing each `type` with its `data` schema.
 */
import type { MetadataStorage } from 'class-transformer/types/MetadataStorage';
import { MAX, MIN } from 'class-validator';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import type { ISchemaConverters } from 'class-validator-jsonschema/build/defaultConverters';
import { EVENT_CATALOGUE, EVENT_TYPES } from './catalogue';
import { NewEventEnvelope } from './validation/envelope-shape';
import { CUSTOM_CONSTRAINTS } from './validation/field-decorators';

/** An OpenAPI 3 schema object, as the generator types it. */
export type SchemaObject = ReturnType<typeof validationMetadatasToSchemas>[string];

export interface CatalogueJsonSchema {
  /** Every schema by name, `NewEvent` included; merge into `components.schemas`. */
  schemas: Record<string, SchemaObject>;
  /** The schema of one submitted event (also `schemas.NewEvent`). */
  newEvent: SchemaObject;
}

// class-transformer's metadata (which nested class a field holds) has no typed entry point of its own.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as { defaultMetadataStorage: MetadataStorage };

/** Formats for the checks the catalogue defines itself; class-validator's own are built in. */
const CUSTOM_CONVERTERS: ISchemaConverters = {
  // The defaults also say `type: number`, which would overwrite IsInt's `integer`.
  [MIN]: (meta) => ({ minimum: meta.constraints[0] }),
  [MAX]: (meta) => ({ maximum: meta.constraints[0] }),
  [CUSTOM_CONSTRAINTS.calendarDate]: { type: 'string', format: 'date' },
  [CUSTOM_CONSTRAINTS.instant]: { type: 'string', format: 'date-time' },
  [CUSTOM_CONSTRAINTS.dateOrInstant]: { type: 'string', anyOf: [{ format: 'date' }, { format: 'date-time' }] },
  [CUSTOM_CONSTRAINTS.encryptedValue]: {},
  includesOffenderAndVictim: {
    description: 'Must include role offender and at least one role victim (Offender Rehabilitation Act 2014 s.15)',
  },
};

export function catalogueJsonSchema(options: { refPointerPrefix?: string } = {}): CatalogueJsonSchema {
  const refPointerPrefix = options.refPointerPrefix ?? '#/components/schemas/';
  const generated = validationMetadatasToSchemas({
    refPointerPrefix,
    classTransformerMetadataStorage: defaultMetadataStorage,
    additionalConverters: CUSTOM_CONVERTERS,
    // Makes "required" mean exactly the fields marked IsDefined, whatever conditions they carry.
    skipMissingProperties: true,
  });

  for (const type of EVENT_TYPES) inheritSchema(EVENT_CATALOGUE[type].dataClass, generated);
  const roots = [NewEventEnvelope.name, ...EVENT_TYPES.map((type) => EVENT_CATALOGUE[type].dataClass.name)];
  const schemas: Record<string, SchemaObject> = {};
  for (const name of reachable(roots, generated, refPointerPrefix)) {
    schemas[name] = { ...generated[name], additionalProperties: false };
  }

  const newEvent: SchemaObject = {
    description: 'One event of the catalogue (interchange.md): the envelope, with `data` as its `type` requires',
    oneOf: EVENT_TYPES.map((type) => ({
      title: type,
      description: EVENT_CATALOGUE[type].summary,
      allOf: [
        { $ref: `${refPointerPrefix}${NewEventEnvelope.name}` },
        {
          type: 'object',
          properties: {
            type: { type: 'string', enum: [type] },
            data: { $ref: `${refPointerPrefix}${EVENT_CATALOGUE[type].dataClass.name}` },
          },
        },
      ],
      example: EVENT_CATALOGUE[type].example,
    })),
  };
  schemas.NewEvent = newEvent;
  return { schemas, newEvent };
}

/** A class that adds no field of its own (e.g. InterventionStartedData) gets no schema: give it its parent's. */
function inheritSchema(cls: new () => object, generated: Record<string, SchemaObject>): void {
  for (let ancestor: { name: string } = cls; !generated[cls.name] && ancestor.name; ancestor = Object.getPrototypeOf(ancestor)) {
    if (generated[ancestor.name]) generated[cls.name] = generated[ancestor.name];
  }
}

/**
 * The generator sees every class-validator class loaded in the process (other modules' DTOs too);
 * keep only the catalogue's, following $refs from the roots.
 */
function reachable(roots: string[], generated: Record<string, SchemaObject>, prefix: string): Set<string> {
  const seen = new Set<string>();
  const visit = (name: string): void => {
    if (seen.has(name) || !generated[name]) return;
    seen.add(name);
    for (const ref of JSON.stringify(generated[name]).matchAll(/"\$ref":"([^"]+)"/g)) visit(ref[1].slice(prefix.length));
  };
  roots.forEach(visit);
  return seen;
}
