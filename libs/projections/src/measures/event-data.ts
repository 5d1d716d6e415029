/**
 * The few `data` fields the measures read, typed locally (interchange.md is the source).
 * The full catalogue lives in @ledger/domain; the measures depend only on these shapes so that
 * they stay pure functions over stored events.
 */

export interface OffenceRef {
  offenceId: string;
  offenceDate: string;
  category?: string;
}

export interface WithOffences {
  offences?: OffenceRef[];
}

export interface DisposalOutOfCourtData extends WithOffences {
  disposalType: string;
}

export interface SentenceImposedData {
  sentenceType: string;
}

export interface CustodyReceivedData {
  reason: string;
}

export interface CustodyReleasedData {
  releaseType: string;
}

export interface PersonRegisteredData {
  /** A date, or an encrypted personal-data envelope `{ "$enc": ... }`. */
  dateOfBirth?: unknown;
  gender?: string;
}

export interface PersonMergedData {
  intoPersonId: string;
}

export interface MappaRegisteredData {
  category: number | string;
  level: number | string;
  leadAgency: string;
}

export interface MappaCategoryChangedData {
  category: number | string;
}

export interface MappaLevelData {
  level: number | string;
}

export interface IomAdoptedData {
  cohortId: string;
  cohortType: string;
}

export interface IomDeselectedData {
  cohortId: string;
}

export interface RecordCorrectedData {
  targetEventId: string;
  data: Record<string, unknown>;
  occurredAt?: string;
}

export interface RecordRetractedData {
  targetEventId: string;
}

/** Out-of-court disposals that prove an offence (community resolutions and penalty notices do not). */
export const CAUTION_TYPES: ReadonlySet<string> = new Set([
  'caution',
  'conditional-caution',
  'youth-caution',
  'youth-conditional-caution',
]);
