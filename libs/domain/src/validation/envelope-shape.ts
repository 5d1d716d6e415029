/**
 * The envelope of interchange.md as a class-validator class, so it is checked (and documented in
 * the JSON Schema) the same way as every event's data. `data` is only required to be an object
 * here: its fields depend on `type` and are checked against the catalogue afterwards.
 */
import { IsIn, Matches } from 'class-validator';
import { EVENT_TYPES } from '../catalogue';
import { SOURCE_SYSTEMS } from '../envelope';
import {
  OptionalInstant,
  OptionalInt,
  OptionalNested,
  OptionalString,
  RequiredDateOrInstant,
  RequiredEnum,
  RequiredObject,
  RequiredString,
  RequiredUuid,
} from './field-decorators';

/** A partnership area: lowercase words joined by hyphens, e.g. `hampshire-iow`. */
export const AREA_SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export class EventSourceEnvelope {
  @RequiredEnum(SOURCE_SYSTEMS) system: string;
  @OptionalString() reference?: string;
}

export class NewEventEnvelope {
  @RequiredUuid() eventId: string;
  @RequiredString() @IsIn([...EVENT_TYPES], { message: '$property must be an event type of the catalogue, not "$value"' }) type: string;
  @RequiredString() personId: string;
  @RequiredDateOrInstant() occurredAt: string;
  @OptionalInstant() recordedAt?: string;
  @RequiredString() @Matches(AREA_SLUG, { message: '$property must be a lowercase slug such as hampshire-iow' }) area: string;
  @OptionalNested(() => EventSourceEnvelope) source?: EventSourceEnvelope;
  @OptionalString() recordedBy?: string;
  @OptionalInt(0) expectedVersion?: number;
  @RequiredObject() data: Record<string, unknown>;
}
