/** Police and court events: arrest, charge, out-of-court disposal, conviction, sentence. */
import {
  OptionalEnumArray,
  OptionalInt,
  OptionalString,
  RequiredEnum,
  RequiredNestedArray,
  RequiredString,
  RequiredStringArray,
} from '../validation/field-decorators';
import { Offence } from './shared';

export class ArrestRecordedData {
  @RequiredString() arrestId: string;
  @OptionalString() force?: string;
  @RequiredNestedArray(() => Offence, { nonEmpty: true }) offences: Offence[];
}

export class ChargeRecordedData {
  @RequiredStringArray({ nonEmpty: true }) offenceIds: string[];
}

export const OUT_OF_COURT_DISPOSAL_TYPES = [
  'caution',
  'conditional-caution',
  'youth-caution',
  'youth-conditional-caution',
  'community-resolution',
  'penalty-notice',
] as const;
export type OutOfCourtDisposalType = (typeof OUT_OF_COURT_DISPOSAL_TYPES)[number];

export class DisposalOutOfCourtData {
  @RequiredString() disposalId: string;
  @RequiredEnum(OUT_OF_COURT_DISPOSAL_TYPES) disposalType: OutOfCourtDisposalType;
  @RequiredNestedArray(() => Offence, { nonEmpty: true }) offences: Offence[];
}

export class ConvictionRecordedData {
  @RequiredString() convictionId: string;
  @OptionalString() court?: string;
  @RequiredNestedArray(() => Offence, { nonEmpty: true }) offences: Offence[];
}

export const SENTENCE_TYPES = [
  'custody',
  'suspended',
  'community-order',
  'youth-rehabilitation-order',
  'fine',
  'conditional-discharge',
  'absolute-discharge',
  'hospital-order',
] as const;
export type SentenceType = (typeof SENTENCE_TYPES)[number];

export const SENTENCE_REQUIREMENTS = [
  'unpaid-work',
  'rehabilitation-activity',
  'drug-rehabilitation',
  'alcohol-treatment',
  'alcohol-abstinence-monitoring',
  'curfew',
  'programme',
  'mental-health-treatment',
  'residence',
  'exclusion',
] as const;
export type SentenceRequirement = (typeof SENTENCE_REQUIREMENTS)[number];

export class SentenceImposedData {
  @RequiredString() sentenceId: string;
  @OptionalString() convictionId?: string;
  @RequiredEnum(SENTENCE_TYPES) sentenceType: SentenceType;
  /** Length in days; at least one when given (fines and discharges have none). */
  @OptionalInt(1) lengthDays?: number;
  @OptionalEnumArray(SENTENCE_REQUIREMENTS) requirements?: SentenceRequirement[];
}
