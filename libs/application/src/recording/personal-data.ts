import type { NewEvent, StoredEvent } from '@ledger/domain/envelope';

/**
 * Where personal data (names, identifiers, dates of birth) is encrypted before it is stored and
 * hashed, and decrypted (or shown as erased) on the way out: `EncryptedPersonalData` (a key per
 * person, crypto-shredding, see encrypted-personal-data.ts).
 */
export interface PersonalDataProtector {
  /** @param knownTypes types of events already looked up by id (saves reading a correction's target again) */
  protect(events: NewEvent[], knownTypes?: Map<string, string>): Promise<NewEvent[]>;
  reveal<E extends StoredEvent>(events: E[]): Promise<E[]>;
  /** Which of these people's personal data is erased now (a kept copy of what `reveal` gave must not outlive an erasure). */
  erasedAmong(personIds: readonly string[]): Promise<Set<string>>;
  /** Everyone whose personal data is erased now. */
  erasedPeople(): Promise<Set<string>>;
}

export const PERSONAL_DATA = Symbol('PersonalDataProtector');
