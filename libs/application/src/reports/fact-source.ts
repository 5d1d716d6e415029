import { Inject, Injectable } from '@nestjs/common';
import type { StoredEvent } from '@ledger/domain/envelope';
import { EVENT_CATALOGUE, isEventType } from '@ledger/domain/catalogue';
import type { EventStore } from '@ledger/event-store';
import { DatedWithin, PersonNow, ProjectionRunner, RESOLVED_EVENTS, ResolvedEvent, ResolvedEventsReader, mergedIntoBy, resolveHistory } from '@ledger/projections';
import { PERSONAL_DATA, PersonalDataProtector } from '../recording/personal-data';
import { EVENT_STORE } from '../runtime/tokens';
import { QuestionScope } from '../runtime/question-scope';
import { normaliseInstant } from '@ledger/domain/time/instant';
import { endOfLondonDay } from '@ledger/domain/time/end-of-london-day';

/** "As known at" a bare date means by the end of that London day; instants pass through. */
export function asOfInstant(asOf: string | undefined): string | undefined {
  if (asOf === undefined) return undefined;
  return /^\d{4}-\d{2}-\d{2}$/.test(asOf) ? endOfLondonDay(asOf) : normaliseInstant(asOf);
}

/** Events every resolution needs besides the facts themselves. */
const RESOLUTION_TYPES = ['record.corrected', 'record.retracted', 'person.merged'];

/**
 * Where every report and summary gets its facts:
 * - as known now: the resolved-events read model, first brought up to the head of the log, so a
 *   reader always sees what was recorded before the question;
 * - as known at T: the stored events recorded by T, resolved on the spot with the same function
 *   the read model is built with.
 */
@Injectable()
export class FactSource {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly runner: ProjectionRunner,
    private readonly reader: ResolvedEventsReader,
    @Inject(PERSONAL_DATA) private readonly personalData: PersonalDataProtector,
    private readonly questions: QuestionScope,
  ) {}

  /** The read model brought up to the head of the log: once per question (see QuestionScope), every time outside one. */
  private async caughtUp(): Promise<void> {
    await this.questions.once(`caught-up:${RESOLVED_EVENTS}`, () => this.runner.catchUp(RESOLVED_EVENTS));
  }

  async ofTypes(types: readonly string[], asOfGiven?: string): Promise<ResolvedEvent[]> {
    const asOf = asOfInstant(asOfGiven);
    await this.caughtUp();
    if (!asOf) return this.reader.ofTypes(types);
    const reshaped = await this.store.streamsWithTypes(RESOLUTION_TYPES);
    const [settled, folded] = await Promise.all([this.reader.ofTypesRecordedBy(types, asOf, reshaped), this.foldedAt(types, asOf, reshaped)]);
    return inPositionOrder(settled, folded.facts);
  }

  /**
   * Facts of some types, of only the people a first, cheap question selects (cohort members, a
   * period's offenders): the measure must depend on those people's facts alone. As known now the
   * question runs on the read model. As known at T it runs on the read model's facts recorded by T,
   * which is right for every record nothing reshaped (see `foldedAt`); the reshaped records are
   * folded whole, whoever they are. With `within`, facts of its types are read only when dated in
   * its period (the dates of records nothing reshaped are final); folded records still give all.
   */
  async ofTypesForPeople(
    types: readonly string[],
    selectPeople: (reader: ResolvedEventsReader, recordedBy?: string) => Promise<string[]>,
    asOfGiven?: string,
    within?: DatedWithin,
  ): Promise<ResolvedEvent[]> {
    const asOf = asOfInstant(asOfGiven);
    await this.caughtUp();
    if (!asOf) return this.reader.ofTypesFor(types, await selectPeople(this.reader), within);
    const reshaped = await this.store.streamsWithTypes(RESOLUTION_TYPES);
    const [selected, folded] = await Promise.all([selectPeople(this.reader, asOf), this.foldedAt(types, asOf, reshaped)]);
    // A record merged into someone nothing reshaped makes that person count too, with every fact
    // of theirs, whether or not the question picked them.
    const untouched = new Set([...selected, ...folded.mergedInto]);
    for (const record of reshaped) untouched.delete(record);
    return inPositionOrder(await this.reader.ofTypesRecordedByFor(types, asOf, [...untouched], within), folded.facts);
  }

  /**
   * Only a correction, a retraction or a merge can make a record read differently at T than its
   * facts recorded by T read now, and those live in the record's own stream (a merge in the stream
   * merged away). So the records holding none are read from the read model, recorded by T, and
   * only the others (a few per cent of people) are resolved here from their events known at T,
   * merge chains included (every link is a reshaped record's own event).
   */
  private async foldedAt(types: readonly string[], asOf: string, reshaped: string[]): Promise<{ facts: ResolvedEvent[]; mergedInto: string[] }> {
    if (reshaped.length === 0) return { facts: [], mergedInto: [] };
    const streams = await this.store.readStreams(reshaped, { asOf, types: [...types, ...RESOLUTION_TYPES] });
    const raw = [...streams.values()].flat();
    // The merges in force at T: as corrected by then, and not retracted by then.
    const mergedInto = resolveHistory(raw.filter((event) => RESOLUTION_TYPES.includes(event.type)), { asOf })
      .map(mergedIntoBy)
      .filter((personId): personId is string => personId !== undefined);
    return { facts: await this.resolvedOfTypes(raw, types, asOf), mergedInto };
  }

  /** The pure fold "as known at T" over every event of these types: what ofTypes must always equal (tests). */
  async ofTypesFolded(types: readonly string[], asOfGiven: string): Promise<ResolvedEvent[]> {
    const asOf = asOfInstant(asOfGiven)!;
    return this.resolvedOfTypes(await this.store.readByTypes([...types, ...RESOLUTION_TYPES], { asOf }), types, asOf);
  }

  /** Stored events resolved as known at T (personal data revealed where the types carry any), only the wanted types kept. */
  private async resolvedOfTypes(raw: StoredEvent[], types: readonly string[], asOf: string): Promise<ResolvedEvent[]> {
    const wanted = new Set(types);
    return resolveHistory(await this.revealIfNeeded(raw, wanted), { asOf }).filter((event) => wanted.has(event.type));
  }

  /** The read model as known now (caught up to the head of the log), for questions it answers directly. */
  async current(): Promise<ResolvedEventsReader> {
    await this.caughtUp();
    return this.reader;
  }

  /** The areas of a person's records now (access decisions); empty for an unknown person. */
  async areasOf(personId: string): Promise<string[]> {
    return (await this.personNow(personId)).areas;
  }

  /**
   * A person's facts (their own and every record merged into them), now or as known at T.
   * Null when the ledger knows no such person (at T).
   */
  async forPerson(personId: string, asOfGiven?: string): Promise<{ personId: string; facts: ResolvedEvent[]; raw: StoredEvent[] } | null> {
    const asOf = asOfInstant(asOfGiven);
    const stored = await this.storedOfRecords(personId, asOf);
    if (!stored) return null;
    const raw = stored.raw;
    const facts = resolveHistory(raw, { asOf });
    // As known at T, the merges known then decide who this record counts as.
    const canonicalThen = facts.find((fact) => fact.originalPersonId === personId)?.personId ?? personId;
    // The records that count as this person then: a set, not a scan of the facts per event.
    const recordsThen = new Set(facts.filter((fact) => fact.personId === canonicalThen).map((fact) => fact.originalPersonId));
    return {
      personId: canonicalThen,
      facts: facts.filter((fact) => fact.personId === canonicalThen),
      raw: raw.filter((event) => recordsThen.has(event.personId)),
    };
  }

  /**
   * The stored events (personal data revealed) of a person and the records merged into them, for
   * a timeline. As known now the read model already says who is who (it is resolved with the
   * same function), so nothing is resolved here; as known at T the merges known then decide.
   */
  async recordedFor(personId: string, asOfGiven?: string): Promise<{ personId: string; raw: StoredEvent[] } | null> {
    if (asOfGiven !== undefined) {
      const found = await this.forPerson(personId, asOfGiven);
      return found && { personId: found.personId, raw: found.raw };
    }
    return this.storedOfRecords(personId, undefined);
  }

  /**
   * Who a record counts as now, and the stored events (revealed) of every record merged into that
   * person, recorded by `asOf`; null when there are none.
   */
  private async storedOfRecords(personId: string, asOf: string | undefined): Promise<{ personId: string; raw: StoredEvent[] } | null> {
    const person = await this.personNow(personId);
    const records = asOf === undefined ? person.records : await this.recordsEverLinked(person.records);
    const raw = await this.revealedStreams(records, asOf);
    return raw.length === 0 ? null : { personId: person.personId, raw };
  }

  /**
   * These records and every record a merge, or a correction of one, ever linked to them, however
   * far: who counted as whom at a past instant may differ from now (a merge retracted or
   * corrected to someone else since), and "as known at T" resolves it from all of them.
   */
  private async recordsEverLinked(records: readonly string[]): Promise<string[]> {
    const mergedRecords = await this.store.streamsWithTypes(['person.merged']);
    if (mergedRecords.length === 0) return [...records];
    const links = new Map<string, string[]>();
    const link = (a: string, b: string) => links.set(a, [...(links.get(a) ?? []), b]);
    const streams = await this.store.readStreams(mergedRecords, { types: ['person.merged', 'record.corrected'] });
    for (const event of [...streams.values()].flat()) {
      const into = mergedIntoBy(event);
      if (into === undefined) continue;
      link(event.personId, into);
      link(into, event.personId);
    }
    const found = new Set(records);
    const toVisit = [...records];
    for (let record = toVisit.pop(); record !== undefined; record = toVisit.pop()) {
      const unseen = (links.get(record) ?? []).filter((next) => !found.has(next));
      for (const next of unseen) found.add(next);
      toVisit.push(...unseen);
    }
    return [...found];
  }

  /**
   * Who a record counts as now, every record merged into that person (the record alone when the
   * ledger knows nothing of it) and their areas, covering everything recorded before the question:
   * once per question (an access check and its answer share it). The read model's statement
   * reports the checkpoint it was read at, and runs beside the read of the log's head; when that
   * checkpoint already covers the head (nearly always) the answer stands, one round trip in all,
   * instead of catching up first and asking after. Otherwise the read model catches up and is
   * asked again.
   */
  personNow(personId: string): Promise<PersonNow> {
    return this.questions.once(`person:${personId}`, async () => {
      const [seen, head] = await Promise.all([this.reader.personWithCheckpoint(personId), this.store.headPosition()]);
      if (seen.checkpoint >= head) return seen;
      await this.caughtUp();
      return this.reader.personWithCheckpoint(personId);
    });
  }

  /**
   * What `revealedStreams(person.records)` gives now depends on, and nothing else (events are only
   * ever added): who the record counts as, each record's stream version, who among them is erased.
   * Two indexed look-ups, side by side; equal stamps mean equal events.
   */
  async stampOf(person: { personId: string; records: string[] }): Promise<string> {
    const records = [...person.records].sort();
    const [versions, erased] = await Promise.all([this.store.streamVersions(records), this.personalData.erasedAmong(records)]);
    return JSON.stringify([person.personId, records.map((record) => [record, versions.get(record) ?? 0, erased.has(record)])]);
  }

  /** The stored events of some records, recorded by `asOf`, personal data revealed. */
  async revealedStreams(records: readonly string[], asOf?: string): Promise<StoredEvent[]> {
    const stored = [...(await this.store.readStreams(records, { asOf })).values()].flat();
    return stored.length === 0 ? [] : this.personalData.reveal(stored);
  }

  /** Personal data is revealed when a wanted type carries any (as the read model holds it). */
  private async revealIfNeeded(raw: StoredEvent[], wanted: Set<string>): Promise<StoredEvent[]> {
    const personal = [...wanted].some((type) => isEventType(type) && EVENT_CATALOGUE[type].personalDataPaths.length > 0);
    return personal ? this.personalData.reveal(raw) : raw;
  }
}

function inPositionOrder(...parts: ResolvedEvent[][]): ResolvedEvent[] {
  return parts.flat().sort((a, b) => a.position - b.position);
}
