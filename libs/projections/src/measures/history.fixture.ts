import type { StoredEvent } from '@ledger/domain/envelope';
import { isValidDate } from './london-dates';

/**
 * Builds stored event histories for the measure specs: positions in append order, recordedAt
 * defaulting to noon UTC on the day it occurred (or the instant itself), area `hampshire-iow`.
 */
export interface EventOptions {
  recordedAt?: string;
  area?: string;
  eventId?: string;
}

export type OffenceTuple = [offenceId: string, offenceDate: string];

export class History {
  readonly events: StoredEvent[] = [];
  private readonly versions = new Map<string, number>();

  add(type: string, personId: string, occurredAt: string, data: Record<string, unknown>, opts: EventOptions = {}): StoredEvent {
    const position = this.events.length + 1;
    const version = (this.versions.get(personId) ?? 0) + 1;
    this.versions.set(personId, version);
    const event: StoredEvent = {
      position,
      version,
      eventId: opts.eventId ?? `e${position}`,
      type,
      personId,
      occurredAt,
      recordedAt: opts.recordedAt ?? (isValidDate(occurredAt) ? `${occurredAt}T12:00:00Z` : occurredAt),
      area: opts.area ?? 'hampshire-iow',
      data,
      hash: `hash-${position}`,
      previousHash: null,
    };
    this.events.push(event);
    return event;
  }

  person(personId: string, data: { dateOfBirth?: unknown; gender?: string } = {}, opts: EventOptions = {}): StoredEvent {
    return this.add('person.registered', personId, '2000-01-01', { identifiers: [{ type: 'crn', value: personId }], ...data }, opts);
  }

  arrest(personId: string, occurredAt: string, offences: OffenceTuple[] = [], opts: EventOptions = {}): StoredEvent {
    return this.add('arrest.recorded', personId, occurredAt, { arrestId: `a-${this.events.length + 1}`, offences: toOffences(offences) }, opts);
  }

  conviction(personId: string, occurredAt: string, offences: OffenceTuple[], opts: EventOptions = {}): StoredEvent {
    return this.add('conviction.recorded', personId, occurredAt, { convictionId: `c-${this.events.length + 1}`, offences: toOffences(offences) }, opts);
  }

  disposal(personId: string, occurredAt: string, disposalType: string, offences: OffenceTuple[], opts: EventOptions = {}): StoredEvent {
    return this.add('disposal.out-of-court', personId, occurredAt, { disposalId: `d-${this.events.length + 1}`, disposalType, offences: toOffences(offences) }, opts);
  }

  correct(target: StoredEvent, recordedAt: string, replacement: { data?: Record<string, unknown>; occurredAt?: string }): StoredEvent {
    const data = { targetEventId: target.eventId, reason: 'wrong', data: replacement.data ?? target.data, ...(replacement.occurredAt ? { occurredAt: replacement.occurredAt } : {}) };
    return this.add('record.corrected', target.personId, recordedAt, data, { recordedAt });
  }

  retract(target: StoredEvent, recordedAt: string): StoredEvent {
    return this.add('record.retracted', target.personId, recordedAt, { targetEventId: target.eventId, reason: 'recorded in error' }, { recordedAt });
  }

  merge(personId: string, intoPersonId: string, recordedAt: string): StoredEvent {
    return this.add('person.merged', personId, recordedAt, { intoPersonId }, { recordedAt });
  }
}

function toOffences(offences: OffenceTuple[]) {
  return offences.map(([offenceId, offenceDate]) => ({ offenceId, offenceDate, category: 'theft' }));
}
