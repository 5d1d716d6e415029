/** Custody and licence events: reception, release, licence, recall, breach. */
import {
  OptionalNestedArray,
  OptionalString,
  RequiredDate,
  RequiredEnum,
  RequiredNestedArray,
  RequiredString,
} from '../validation/field-decorators';
import { LicenceCondition } from './shared';

export const CUSTODY_RECEPTION_REASONS = ['remand', 'sentence', 'recall'] as const;
export type CustodyReceptionReason = (typeof CUSTODY_RECEPTION_REASONS)[number];

export class CustodyReceivedData {
  @RequiredEnum(CUSTODY_RECEPTION_REASONS) reason: CustodyReceptionReason;
  @OptionalString() establishment?: string;
}

export const RELEASE_TYPES = ['licence', 'home-detention-curfew', 'end-of-sentence', 'remand-ended'] as const;
export type ReleaseType = (typeof RELEASE_TYPES)[number];

export class CustodyReleasedData {
  @RequiredEnum(RELEASE_TYPES) releaseType: ReleaseType;
  @OptionalString() establishment?: string;
}

export class LicenceStartedData {
  @RequiredString() licenceId: string;
  @OptionalString() sentenceId?: string;
  @RequiredDate() expiresOn: string;
  @OptionalNestedArray(() => LicenceCondition) conditions?: LicenceCondition[];
}

/** The licence's conditions after the variation (the whole set, not a difference). */
export class LicenceVariedData {
  @RequiredString() licenceId: string;
  @RequiredNestedArray(() => LicenceCondition, { nonEmpty: false }) conditions: LicenceCondition[];
}

export const LICENCE_END_REASONS = ['expired', 'revoked'] as const;
export type LicenceEndReason = (typeof LICENCE_END_REASONS)[number];

export class LicenceEndedData {
  @RequiredString() licenceId: string;
  @RequiredEnum(LICENCE_END_REASONS) reason: LicenceEndReason;
}

export const RECALL_TYPES = ['fixed-term-14', 'fixed-term-28', 'standard', 'hdc'] as const;
export type RecallType = (typeof RECALL_TYPES)[number];

export const RECALL_REASONS = ['breach-of-conditions', 'further-offence', 'risk-escalation', 'failure-to-reside', 'other'] as const;
export type RecallReason = (typeof RECALL_REASONS)[number];

export class RecallInitiatedData {
  @RequiredEnum(RECALL_TYPES) recallType: RecallType;
  @RequiredEnum(RECALL_REASONS) reason: RecallReason;
}

export const BREACHED_ORDERS = ['licence', 'community-order', 'notification-requirements', 'sopo', 'shpo'] as const;
export type BreachedOrder = (typeof BREACHED_ORDERS)[number];

export class BreachRecordedData {
  @RequiredEnum(BREACHED_ORDERS) order: BreachedOrder;
  @OptionalString() outcome?: string;
}
