/** The nested shapes several event types share (interchange.md, "Types and their data"). */
import {
  OptionalString,
  RequiredDate,
  RequiredEnum,
  RequiredString,
} from '../validation/field-decorators';

export const OFFENCE_CATEGORIES = [
  'violence',
  'sexual',
  'robbery',
  'burglary',
  'vehicle',
  'theft',
  'criminal-damage',
  'drugs',
  'public-order',
  'fraud',
  'weapons',
  'motoring',
  'breach',
  'other',
] as const;
export type OffenceCategory = (typeof OFFENCE_CATEGORIES)[number];

/** An offence: the same `offenceId` in several events (arrested, then convicted) is the same offence. */
export class Offence {
  @RequiredString() offenceId: string;
  @RequiredDate() offenceDate: string;
  @OptionalString() code?: string;
  @OptionalString() description?: string;
  @RequiredEnum(OFFENCE_CATEGORIES) category: OffenceCategory;
}

export const IDENTIFIER_TYPES = ['pnc', 'cro', 'crn', 'noms', 'visor', 'force'] as const;
export type IdentifierType = (typeof IDENTIFIER_TYPES)[number];

/** An identifier the person carries in another system (PNC ID, CRO number, CRN, ...). */
export class Identifier {
  @RequiredEnum(IDENTIFIER_TYPES) type: IdentifierType;
  @RequiredString() value: string;
}

export const RJ_PARTICIPANT_ROLES = ['offender', 'victim', 'victim-supporter', 'offender-supporter', 'facilitator', 'other'] as const;
export type RjParticipantRole = (typeof RJ_PARTICIPANT_ROLES)[number];

/** Someone at a restorative justice conference, by role only: victims are not named in the ledger. */
export class Participant {
  @RequiredEnum(RJ_PARTICIPANT_ROLES) role: RjParticipantRole;
}

export class LicenceCondition {
  @OptionalString() code?: string;
  @OptionalString() description?: string;
}
