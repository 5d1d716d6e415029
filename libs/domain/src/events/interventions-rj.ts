/** Interventions along the seven pathways, and restorative justice (Offender Rehabilitation Act 2014 s.15). */
import {
  OptionalString,
  OptionalStringArray,
  RequiredEnum,
  RequiredNestedArray,
  RequiredString,
  Satisfies,
} from '../validation/field-decorators';
import { Participant } from './shared';

export const PATHWAYS = [
  'accommodation',
  'ete',
  'finance',
  'drugs-alcohol',
  'attitudes-thinking-behaviour',
  'health',
  'children-families',
] as const;
export type Pathway = (typeof PATHWAYS)[number];

/** The data every intervention event carries; one subclass per type keeps the catalogue one class per type. */
abstract class InterventionData {
  @RequiredString() interventionId: string;
  @RequiredEnum(PATHWAYS) pathway: Pathway;
  @OptionalString() programme?: string;
}

export class InterventionReferredData extends InterventionData {}
export class InterventionStartedData extends InterventionData {}
export class InterventionCompletedData extends InterventionData {}
export class InterventionWithdrawnData extends InterventionData {}

export class RjReferredData {
  @RequiredString() rjCaseId: string;
  @OptionalStringArray() offenceIds?: string[];
}

/**
 * s.15: an activity is restorative only if the participants include the offender and one or more
 * victims; a conference without both is rejected (a victim awareness course is not RJ).
 */
function includesOffenderAndVictim(participants: unknown): boolean {
  if (!Array.isArray(participants)) return true; // the field's own checks report a non-array
  const roles = participants.map((participant) => (participant as Partial<Participant> | null)?.role);
  return roles.includes('offender') && roles.includes('victim');
}

export class RjConferenceHeldData {
  @RequiredString() rjCaseId: string;
  @RequiredNestedArray(() => Participant, { nonEmpty: true })
  @Satisfies(
    'includesOffenderAndVictim',
    includesOffenderAndVictim,
    'participants must include the offender and at least one victim (Offender Rehabilitation Act 2014 s.15)',
  )
  participants: Participant[];
  @OptionalString() outcomeAgreement?: string;
}

export class RjOutcomeCompletedData {
  @RequiredString() rjCaseId: string;
}
