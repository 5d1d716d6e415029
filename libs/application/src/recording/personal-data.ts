import type { NewEvent, StoredEvent } from '@ledger/domain/envelope';

/**
 * Where personal data (names, identifiers, dates of birth) is encrypted before it is stored and
 * hashed, and decrypted (or shown as erased) on the way out. The access library provides the
 * real one (a key per person, crypto-shredding); `PlainPersonalData` stores it as given.
 */
export interface PersonalDataProtector {
  protect(events: NewEvent[]): Promise<NewEvent[]>;
  reveal<E extends StoredEvent>(events: E[]): Promise<E[]>;
}

export const PERSONAL_DATA = Symbol('PersonalDataProtector');

export class PlainPersonalData implements PersonalDataProtector {
  async protect(events: NewEvent[]): Promise<NewEvent[]> {
    return events;
  }
  async reveal<E extends StoredEvent>(events: E[]): Promise<E[]> {
    return events;
  }
}
