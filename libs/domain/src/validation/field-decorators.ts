/**
 * The handful of field shapes every event class is made of, each a bundle of class-validator
 * (and class-transformer) decorators. Conventions the whole catalogue shares:
 * - a required field carries `IsDefined`, which is also how the JSON Schema marks it required;
 * - an optional field may be absent but, when present, must be valid: `null` is not "absent";
 * - strings are never empty; numbers are integers in range; dates are real calendar dates;
 * - nothing is coerced: a number where a string is wanted is an error, not a conversion.
 */
import { Transform, Type } from 'class-transformer';
import {
  ArrayNotEmpty,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsString,
  IsUUID,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
  ValidationOptions,
  registerDecorator,
} from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { isDateOrInstant, isIsoInstant, isValidDate } from '../time/iso-8601';
import { ENCRYPTED_VALUE_SCHEMA, isEncryptedValue, isMalformedEncryptedValue } from './encrypted-value';

type Constructor = new () => object;

/** Names of the custom constraints, which json-schema.ts maps to JSON Schema formats. */
export const CUSTOM_CONSTRAINTS = {
  calendarDate: 'isCalendarDate',
  dateOrInstant: 'isDateOrInstant',
  instant: 'isIsoInstant',
  encryptedValue: 'isWellFormedEncryptedValue',
} as const;

function all(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, key) => decorators.forEach((decorate) => decorate(target, key));
}

function custom(name: string, test: (value: unknown) => boolean, message: string): PropertyDecorator {
  return (target, key) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: key as string,
      options: { message } as ValidationOptions,
      validator: { validate: test },
    });
}

const Required = (): PropertyDecorator => IsDefined({ message: '$property is required' });
/** Absent is fine; present (even as null) must pass the field's other checks. */
const Optional = (): PropertyDecorator => ValidateIf((_object, value) => value !== undefined);
const NonEmptyString = (): PropertyDecorator => all(IsString(), IsNotEmpty({ message: '$property must not be empty' }));

const CalendarDate = (): PropertyDecorator =>
  custom(CUSTOM_CONSTRAINTS.calendarDate, isValidDate, '$property must be a real calendar date written YYYY-MM-DD');

export const RequiredString = (): PropertyDecorator => all(Required(), NonEmptyString());
export const OptionalString = (): PropertyDecorator => all(Optional(), NonEmptyString());

export const RequiredUuid = (): PropertyDecorator => all(Required(), IsUUID());

export const RequiredEnum = (values: readonly (string | number)[]): PropertyDecorator => all(Required(), IsIn([...values]));

export const RequiredInt = (min: number, max: number): PropertyDecorator => all(Required(), IsInt(), Min(min), Max(max));
export const OptionalInt = (min: number): PropertyDecorator => all(Optional(), IsInt(), Min(min));

export const RequiredDate = (): PropertyDecorator => all(Required(), CalendarDate());
export const OptionalDate = (): PropertyDecorator => all(Optional(), CalendarDate());

export const RequiredDateOrInstant = (): PropertyDecorator =>
  all(
    Required(),
    custom(CUSTOM_CONSTRAINTS.dateOrInstant, isDateOrInstant, '$property must be an ISO-8601 date (YYYY-MM-DD) or instant with an offset'),
  );
export const OptionalDateOrInstant = (): PropertyDecorator =>
  all(
    Optional(),
    custom(CUSTOM_CONSTRAINTS.dateOrInstant, isDateOrInstant, '$property must be an ISO-8601 date (YYYY-MM-DD) or instant with an offset'),
  );
export const OptionalInstant = (): PropertyDecorator =>
  all(Optional(), custom(CUSTOM_CONSTRAINTS.instant, isIsoInstant, '$property must be an ISO-8601 instant with an offset, e.g. 2024-06-30T23:30:00Z'));

/** A free-form JSON object (the replacement data of a correction, checked later against its target). */
export const RequiredObject = (): PropertyDecorator => all(Required(), IsObject());

export const RequiredNested = (cls: () => Constructor): PropertyDecorator =>
  all(Required(), IsObject(), ValidateNested(), Type(cls));
export const OptionalNested = (cls: () => Constructor): PropertyDecorator =>
  all(Optional(), IsObject(), ValidateNested(), Type(cls));

export const RequiredNestedArray = (cls: () => Constructor, options: { nonEmpty: boolean }): PropertyDecorator =>
  all(Required(), IsArray(), ...(options.nonEmpty ? [ArrayNotEmpty()] : []), ValidateNested({ each: true }), Type(cls));
export const OptionalNestedArray = (cls: () => Constructor): PropertyDecorator =>
  all(Optional(), IsArray(), ValidateNested({ each: true }), Type(cls));

export const RequiredStringArray = (options: { nonEmpty: boolean }): PropertyDecorator =>
  all(Required(), IsArray(), ...(options.nonEmpty ? [ArrayNotEmpty()] : []), IsString({ each: true }), IsNotEmpty({ each: true }));
export const OptionalStringArray = (): PropertyDecorator => all(Optional(), IsArray(), IsString({ each: true }), IsNotEmpty({ each: true }));

export const RequiredEnumArray = (values: readonly string[]): PropertyDecorator => all(Required(), IsArray(), IsIn([...values], { each: true }));
export const OptionalEnumArray = (values: readonly string[]): PropertyDecorator => all(Optional(), IsArray(), IsIn([...values], { each: true }));

/** Validates a property with a rule of its own (e.g. the RJ participants rule). */
export const Satisfies = (name: string, test: (value: unknown) => boolean, message: string): PropertyDecorator =>
  custom(name, test, message);

const personalFields = new WeakMap<object, string[]>();

/**
 * Marks a field as personal data: encrypted per person before it leaves the ledger. In its place
 * the validator accepts `{"$enc": "<ciphertext>"}`, which skips the field's other checks (the
 * ciphertext cannot be checked), and the JSON Schema offers both shapes.
 */
export function PersonalData(): PropertyDecorator {
  return (target, key) => {
    const property = String(key);
    ValidateIf((_object, value) => !isEncryptedValue(value))(target, property);
    // Without this, `{"$enc": ""}` on a string field would read "must be a string", hiding the mistake.
    custom(
      CUSTOM_CONSTRAINTS.encryptedValue,
      (value) => !isMalformedEncryptedValue(value),
      '$property: an encrypted value must be exactly {"$enc": "<non-empty ciphertext>"}',
    )(target, property);
    // class-transformer would turn an encrypted `identifiers` into an Identifier instance: keep it plain.
    Transform(({ obj, value }) => (isEncryptedValue(obj[property]) ? obj[property] : value))(target, property);
    JSONSchema((schema) => ({ oneOf: [schema, ENCRYPTED_VALUE_SCHEMA] }) as never)(target, property);
    personalFields.set(target.constructor, [...(personalFields.get(target.constructor) ?? []), property]);
  };
}

/** The personal fields of a data class, in declaration order. */
export function personalFieldsOf(dataClass: Constructor): string[] {
  return personalFields.get(dataClass) ?? [];
}
