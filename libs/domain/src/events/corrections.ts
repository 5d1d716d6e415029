/**
 * Corrections: nothing is ever updated or deleted. A correction supersedes its target's `data`
 * (and `occurredAt`, when the date itself was wrong); a retraction says the target was recorded in
 * error. Whether the target exists, and whether the replacement data fits the target's type, needs
 * the person's stream: see rules/stream-rules.ts.
 */
import { OptionalDateOrInstant, RequiredObject, RequiredString, RequiredUuid } from '../validation/field-decorators';

export class RecordCorrectedData {
  @RequiredUuid() targetEventId: string;
  @RequiredString() reason: string;
  /** The target's replacement `data`, whole. */
  @RequiredObject() data: Record<string, unknown>;
  /** The target's replacement `occurredAt`. */
  @OptionalDateOrInstant() occurredAt?: string;
}

export class RecordRetractedData {
  @RequiredUuid() targetEventId: string;
  @RequiredString() reason: string;
}
