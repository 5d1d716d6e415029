import type { NewEvent, StoredEvent } from '@ledger/domain/envelope';
import { EVENT_CATALOGUE, isEventType } from '@ledger/domain/catalogue';
import type { EventStore } from '@ledger/event-store';
import { PersonalDataCipher, PersonErasedError } from '@ledger/access/personal-data/personal-data-cipher';
import type { PersonalDataProtector } from './personal-data';
import { RecordingRejectedError } from './recording-rejected.error';

const CORRECTED = 'record.corrected';

/**
 * Personal data encrypted with a key per person before it is stored, so the hash chain covers
 * ciphertext and `ledger forget` (destroying the key) leaves every proof intact. A correction of
 * a registration carries the same personal fields under `data.data`: its target's type decides.
 */
export class EncryptedPersonalData implements PersonalDataProtector {
  constructor(private readonly cipher: PersonalDataCipher, private readonly store: EventStore) {}

  async protect(events: NewEvent[], knownTypes?: Map<string, string>): Promise<NewEvent[]> {
    const targetTypes = await this.correctionTargetTypes(events, knownTypes);
    // Every key the batch needs, fetched (or created) together rather than once per event.
    const people = new Set(events.filter((event) => this.personalTypeOf(event, targetTypes)).map((event) => event.personId));
    const keyring = people.size > 0 ? await this.cipher.keysForWriting([...people]) : undefined;
    return Promise.all(
      events.map(async (event, index) => {
        try {
          return await this.transform(event, targetTypes, (personId, eventId, type, data, paths) =>
            this.cipher.encryptFields(personId, eventId, type, data, paths, keyring),
          );
        } catch (error) {
          if (error instanceof PersonErasedError) {
            throw new RecordingRejectedError(409, [{ index, path: 'personId', message: `the personal data of ${event.personId} was erased; new personal data about them is refused` }]);
          }
          throw error;
        }
      }),
    );
  }

  async reveal<E extends StoredEvent>(events: E[]): Promise<E[]> {
    const targetTypes = await this.correctionTargetTypes(events);
    // Every key the events need in one query (a rebuild's batch, or one person's several registrations and corrections).
    const people = new Set(events.filter((event) => this.personalTypeOf(event, targetTypes)).map((event) => event.personId));
    const keyring = people.size > 0 ? await this.cipher.keysOf([...people]) : undefined;
    return Promise.all(
      events.map((event) =>
        this.transform(event, targetTypes, (personId, eventId, type, data, paths) => this.cipher.decryptFields(personId, eventId, type, data, paths, keyring)),
      ),
    );
  }

  erasedAmong(personIds: readonly string[]): Promise<Set<string>> {
    return this.cipher.erasedAmong(personIds);
  }

  erasedPeople(): Promise<Set<string>> {
    return this.cipher.erasedPeople();
  }

  /** The type whose personal fields the event carries (its own, or a corrected target's), if any. */
  private personalTypeOf(event: NewEvent | StoredEvent, targetTypes: Map<string, string>): string | undefined {
    const type = event.type === CORRECTED ? targetTypes.get(String(event.data.targetEventId).toLowerCase()) : event.type;
    return type && isEventType(type) && EVENT_CATALOGUE[type].personalDataPaths.length > 0 ? type : undefined;
  }

  private async transform<E extends NewEvent | StoredEvent>(
    event: E,
    targetTypes: Map<string, string>,
    apply: (personId: string, eventId: string, type: string, data: Record<string, unknown>, paths: readonly string[]) => Promise<Record<string, unknown>>,
  ): Promise<E> {
    const eventId = event.eventId.toLowerCase();
    if (isEventType(event.type) && EVENT_CATALOGUE[event.type].personalDataPaths.length > 0) {
      return { ...event, data: await apply(event.personId, eventId, event.type, event.data, EVENT_CATALOGUE[event.type].personalDataPaths) };
    }
    if (event.type === CORRECTED) {
      const targetType = targetTypes.get(String(event.data.targetEventId).toLowerCase());
      const replacement = event.data.data;
      if (targetType && isEventType(targetType) && EVENT_CATALOGUE[targetType].personalDataPaths.length > 0 && replacement && typeof replacement === 'object') {
        const data = await apply(event.personId, eventId, targetType, replacement as Record<string, unknown>, EVENT_CATALOGUE[targetType].personalDataPaths);
        return { ...event, data: { ...event.data, data } };
      }
    }
    return event;
  }

  /** The type of every event a correction in the batch targets (in the batch itself or stored). */
  private async correctionTargetTypes(events: Array<NewEvent | StoredEvent>, knownTypes?: Map<string, string>): Promise<Map<string, string>> {
    const types = new Map([...(knownTypes ?? []), ...events.map((event): [string, string] => [event.eventId.toLowerCase(), event.type])]);
    const missing = events
      .filter((event) => event.type === CORRECTED)
      .map((event) => String(event.data.targetEventId).toLowerCase())
      .filter((id) => !types.has(id));
    if (missing.length > 0) for (const target of await this.store.readEvents(missing)) types.set(target.eventId, target.type);
    return types;
  }
}
