/** Person events: who the ledger is about, the identifiers they carry, duplicates merged. */
import {
  OptionalString,
  PersonalData,
  RequiredDate,
  RequiredEnum,
  RequiredNested,
  RequiredNestedArray,
  RequiredString,
} from '../validation/field-decorators';
import { Identifier } from './shared';

export const GENDERS = ['male', 'female', 'other', 'unknown'] as const;
export type Gender = (typeof GENDERS)[number];

export class PersonRegisteredData {
  @PersonalData() @RequiredNestedArray(() => Identifier, { nonEmpty: true }) identifiers: Identifier[];
  @PersonalData() @RequiredDate() dateOfBirth: string;
  @RequiredEnum(GENDERS) gender: Gender;
  @PersonalData() @OptionalString() name?: string;
}

export class PersonIdentifierLinkedData {
  @PersonalData() @RequiredNested(() => Identifier) identifier: Identifier;
}

/** This person's record is a duplicate of `intoPersonId`, which every report counts them as. */
export class PersonMergedData {
  @RequiredString() intoPersonId: string;
}
