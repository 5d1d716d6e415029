import type { PoolClient } from 'pg';
import type { StoredEvent } from '@ledger/domain/envelope';
import { copyRows, type EventStore } from '@ledger/event-store';
import type { BulkWrite, Projection } from '../runner/projection';
import { groupByPerson, isProvingEvent, mappaSegments, mergedIntoBy, provenOffences, resolveHistory, ResolvedEvent } from '../measures';
import { RESOLVED_COLUMNS, RESOLVED_EVENTS, toResolved } from './resolved-events.reader';

/** People derived per statement by finishBulk (their facts of one kind are read at once). */
const DERIVE_CHUNK = 2000;

/** Events that can change facts recorded before them. */
const RESHAPING_TYPES = new Set(['record.corrected', 'record.retracted', 'person.merged']);

/** Personal data as the read model may hold it. */
export interface PersonalDataReader {
  /** Turns stored personal data into what measures may read (decrypts, or marks as erased). */
  reveal(events: StoredEvent[]): Promise<StoredEvent[]>;
  /** Everyone whose personal data is erased now. */
  erasedPeople(): Promise<ReadonlySet<string>>;
}

/** For a ledger without personal-data encryption (the projection's own tests): nothing to reveal or erase. */
const STORED_AS_IS: PersonalDataReader = { reveal: async (events) => events, erasedPeople: async () => new Set() };

/**
 * The current, corrected view of every event: one row per fact, with corrections applied,
 * retracted events gone and merged duplicates moved to the surviving person. Every report
 * "as known now" reads from here; the person summary folds one person's rows.
 *
 * It is computed with the very function the measures use for "as known at T"
 * (`resolveHistory`), over the whole history of every person a batch touches (including
 * everyone merged with them), so the incremental state, a rebuild and an as-of computation
 * at "now" cannot disagree.
 */
export class ResolvedEventsProjection implements Projection {
  readonly name = RESOLVED_EVENTS;
  /**
   * 1: facts, merge groups and MAPPA segments; 2: proven offences; 3: the (person_id, type) index;
   * 4: a (person_id, area) index, 5: without it again (the planner took it for the reports'
   * "these people's facts of these types", ANDed with the type index, instead of (person_id, type);
   * the reoffending quarter at 100,000 people went from 0.6-0.8 s to 1.1-1.3 s). 3 and 4 are
   * brought to 5 in place (see upgrade).
   * A stored read model of another version is rebuilt at start.
   */
  readonly version = 5;
  readonly schema = 'proj_resolved';

  constructor(
    private readonly store: EventStore,
    private readonly personalData: PersonalDataReader = STORED_AS_IS,
    /** People derived per statement by finishBulk (smaller in tests, to cross chunk boundaries). */
    private readonly peoplePerDerivation = DERIVE_CHUNK,
  ) {}

  async createTables(client: PoolClient, schema: string): Promise<void> {
    await client.query(`
      CREATE TABLE ${schema}.events (
        event_id           uuid NOT NULL,
        person_id          text NOT NULL,
        original_person_id text NOT NULL,
        type               text NOT NULL,
        occurred_at        text NOT NULL,
        occurred_date      date NOT NULL,
        recorded_at        timestamptz NOT NULL,
        area               text NOT NULL,
        data               jsonb NOT NULL,
        position           bigint NOT NULL,
        corrected          boolean NOT NULL
      );
      CREATE INDEX ON ${schema}.events (original_person_id);
      CREATE TABLE ${schema}.persons (
        original_person_id text PRIMARY KEY,
        person_id          text NOT NULL
      );
      CREATE INDEX ON ${schema}.persons (person_id);

      -- Each person's MAPPA state by stretches of days (see mappaSegments): the snapshot and the
      -- reviews at any date are one indexed query, not a fold over every MAPPA event.
      CREATE TABLE ${schema}.mappa_segments (
        person_id     text NOT NULL,
        from_date     date NOT NULL,
        to_date       date,
        active        boolean NOT NULL,
        category      text NOT NULL,
        level         text NOT NULL,
        lead_agency   text NOT NULL,
        area          text NOT NULL,
        registered_on date NOT NULL,
        review_base   date NOT NULL,
        PRIMARY KEY (person_id, from_date)
      );

      -- Each person's proven offences (offence date from the proving event, proven on its date):
      -- the reoffending measure reads these instead of folding every conviction and disposal.
      CREATE TABLE ${schema}.proven_offences (
        person_id    text NOT NULL,
        offence_id   text NOT NULL,
        offence_date date NOT NULL,
        proven_on    date NOT NULL,
        PRIMARY KEY (person_id, offence_id)
      );
    `);
  }

  /** Not read through by applyInBulk: a rebuild builds them after its bulk pass, then finishBulk reads through (person_id, type). */
  async createQueryIndexes(client: PoolClient, schema: string): Promise<void> {
    await client.query(`
      -- (person_id, type): a report asking for some people's facts of some types (registrations,
      -- a cohort's arrests) walks just those; (person_id) alone made it visit every fact of each.
      -- Also how apply refreshes the MAPPA segments and proven offences of the people a batch touched.
      CREATE INDEX ON ${schema}.events (person_id, type);
      ALTER TABLE ${schema}.events ADD PRIMARY KEY (event_id);
      CREATE INDEX ON ${schema}.events (type, occurred_date);
      CREATE INDEX ON ${schema}.mappa_segments (from_date, to_date) WHERE active;
    `);
  }

  /** Versions 3 and 4 differ from 5 only by the (person_id, area) index: dropped in place, not rebuilt. */
  async upgrade(client: PoolClient, schema: string, fromVersion: number): Promise<boolean> {
    if (fromVersion !== 3 && fromVersion !== 4) return false;
    await client.query(`DROP INDEX IF EXISTS ${schema}.events_person_id_area_idx`);
    return true;
  }

  async apply(client: PoolClient, schema: string, events: StoredEvent[]): Promise<void> {
    await this.applyFacts(client, schema, events, await this.resolveAlone(events), { deriveNow: true });
  }

  /**
   * A rebuild's bulk pass: the facts only. Each person's MAPPA segments and proven offences are
   * derived once, at the end (finishBulk), instead of again in every batch holding one of their
   * events (in a log that interleaves everyone, a person's events span dozens of batches).
   * Decrypting and resolving need nothing of the read model, so they are done here, while the
   * batch before is still being written.
   */
  async prepareBulk(events: StoredEvent[]): Promise<BulkWrite> {
    const alone = await this.resolveAlone(events);
    return (client, schema) => this.applyFacts(client, schema, events, alone, { deriveNow: false });
  }

  /**
   * People erased while a rebuild ran: the rebuild may have decrypted their events before the
   * erasure, so they are recomputed in the rebuilt read model before it is swapped in. Erasures
   * after that wait for the swap (ForgetPersonHandler takes the checkpoint's lock) and then
   * refresh the read model swapped in.
   */
  async changesOutsideTheLog(): Promise<(client: PoolClient, schema: string, upTo: number) => Promise<void>> {
    const erasedBefore = await this.personalData.erasedPeople();
    return async (client, schema, upTo) => {
      const erasedSince = [...(await this.personalData.erasedPeople())].filter((personId) => !erasedBefore.has(personId));
      if (erasedSince.length > 0) await this.refreshPersons(client, erasedSince, upTo, schema);
    };
  }

  /** Derives the MAPPA segments and proven offences of everyone, from the facts the bulk pass wrote. */
  async finishBulk(client: PoolClient, schema: string): Promise<void> {
    await this.forPeopleWith(client, schema, `type LIKE 'mappa.%'`, (people) => this.refreshMappaSegments(client, schema, people));
    await this.forPeopleWith(client, schema, `type IN ('conviction.recorded', 'disposal.out-of-court')`, (people) =>
      this.refreshProvenOffences(client, schema, people),
    );
  }

  /**
   * Hands over the people with facts matching `condition`, peoplePerDerivation at a time, through a
   * cursor: a national log's hundreds of thousands of people are never in memory all at once
   * (`client` is in a transaction, as finishBulk's always is).
   */
  private async forPeopleWith(client: PoolClient, schema: string, condition: string, derive: (people: string[]) => Promise<void>): Promise<void> {
    await client.query(`DECLARE people_to_derive NO SCROLL CURSOR FOR SELECT DISTINCT person_id FROM ${schema}.events WHERE ${condition}`);
    for (;;) {
      const { rows } = await client.query<{ person_id: string }>(`FETCH ${this.peoplePerDerivation} FROM people_to_derive`);
      if (rows.length === 0) break;
      await derive(rows.map((row) => row.person_id));
    }
    // Only on success: after a failure the transaction is aborted and rolled back, cursor and all.
    await client.query('CLOSE people_to_derive');
  }

  /**
   * The facts of the batch's people who have no correction, retraction or merge in it (nor are
   * merged into). Without those, resolving is a map over each event on its own (its own person,
   * data and London date), so it needs nothing of the read model; applyFacts still leaves out
   * the people whose merge groups it recomputes.
   */
  private async resolveAlone(events: StoredEvent[]): Promise<ResolvedEvent[]> {
    const reshaped = reshapedPeople(events.filter((event) => RESHAPING_TYPES.has(event.type)));
    const alone = events.filter((event) => !reshaped.has(event.personId));
    return alone.length > 0 ? resolveHistory(await this.personalData.reveal(alone)) : [];
  }

  private async applyFacts(
    client: PoolClient,
    schema: string,
    events: StoredEvent[],
    alone: ResolvedEvent[],
    { deriveNow }: { deriveNow: boolean },
  ): Promise<void> {
    const upTo = events[events.length - 1].position;
    // Corrections, retractions and merges can change earlier facts (and whole merge groups):
    // those people are recomputed from their full history. Every other event only adds a fact,
    // since nothing can have corrected or retracted it yet (targets must precede them), so it
    // is inserted as it is: O(1) per event instead of O(history).
    const reshaping = events.filter((event) => RESHAPING_TYPES.has(event.type));
    const group = reshaping.length > 0 ? await this.affectedGroup(client, schema, reshaping) : new Set<string>();
    const plain = alone.filter((fact) => !group.has(fact.originalPersonId));
    const mappaTouched = new Set<string>();
    const proofsTouched = new Set<string>();
    if (plain.length > 0) {
      for (const fact of await this.insertPlain(client, schema, plain)) {
        if (fact.type.startsWith('mappa.')) mappaTouched.add(fact.personId);
        if (isProvingEvent(fact)) proofsTouched.add(fact.personId);
      }
    }
    if (group.size > 0) {
      for (const personId of await this.recompute(client, schema, group, upTo)) {
        mappaTouched.add(personId);
        proofsTouched.add(personId);
      }
    }
    if (!deriveNow) return;
    if (mappaTouched.size > 0) await this.refreshMappaSegments(client, schema, [...mappaTouched]);
    if (proofsTouched.size > 0) await this.refreshProvenOffences(client, schema, [...proofsTouched]);
  }

  /** Rebuilds the proven offences of people whose convictions or cautions may have changed. */
  private async refreshProvenOffences(client: PoolClient, schema: string, personIds: string[]): Promise<void> {
    await client.query(`DELETE FROM ${schema}.proven_offences WHERE person_id = ANY($1)`, [personIds]);
    const { rows } = await client.query(
      `SELECT ${RESOLVED_COLUMNS} FROM ${schema}.events WHERE person_id = ANY($1) AND type IN ('conviction.recorded', 'disposal.out-of-court')`,
      [personIds],
    );
    const proofs = [...groupByPerson(rows.map(toResolved), isProvingEvent)].flatMap(([personId, facts]) =>
      [...provenOffences(facts).values()].map((offence) => ({ personId, ...offence })),
    );
    if (proofs.length === 0) return;
    await client.query(
      `INSERT INTO ${schema}.proven_offences (person_id, offence_id, offence_date, proven_on)
       SELECT * FROM unnest($1::text[], $2::text[], $3::date[], $4::date[])`,
      [proofs.map((p) => p.personId), proofs.map((p) => p.offenceId), proofs.map((p) => p.offenceDate), proofs.map((p) => p.provenOn)],
    );
  }

  /** Rebuilds the MAPPA segments of people whose MAPPA facts may have changed. */
  private async refreshMappaSegments(client: PoolClient, schema: string, personIds: string[]): Promise<void> {
    await client.query(`DELETE FROM ${schema}.mappa_segments WHERE person_id = ANY($1)`, [personIds]);
    const { rows } = await client.query(`SELECT ${RESOLVED_COLUMNS} FROM ${schema}.events WHERE person_id = ANY($1) AND type LIKE 'mappa.%'`, [personIds]);
    const byPerson = new Map<string, ResolvedEvent[]>();
    for (const fact of rows.map(toResolved)) byPerson.set(fact.personId, [...(byPerson.get(fact.personId) ?? []), fact]);
    const segments = [...byPerson].flatMap(([personId, facts]) => mappaSegments(personId, facts));
    if (segments.length === 0) return;
    await client.query(
      `INSERT INTO ${schema}.mappa_segments (person_id, from_date, to_date, active, category, level, lead_agency, area, registered_on, review_base)
       SELECT * FROM unnest($1::text[], $2::date[], $3::date[], $4::boolean[], $5::text[], $6::text[], $7::text[], $8::text[], $9::date[], $10::date[])`,
      [
        segments.map((x) => x.personId),
        segments.map((x) => x.from),
        segments.map((x) => x.to),
        segments.map((x) => x.active),
        segments.map((x) => x.category),
        segments.map((x) => x.level),
        segments.map((x) => x.leadAgency),
        segments.map((x) => x.area),
        segments.map((x) => x.registeredOn),
        segments.map((x) => x.reviewBase),
      ],
    );
  }

  /** Inserts facts that change nothing before them, on their people's merge groups; returns them. */
  private async insertPlain(client: PoolClient, schema: string, resolved: ResolvedEvent[]): Promise<ResolvedEvent[]> {
    const originals = [...new Set(resolved.map((fact) => fact.originalPersonId))];
    const { rows } = await client.query<{ original_person_id: string; person_id: string }>(
      `SELECT original_person_id, person_id FROM ${schema}.persons WHERE original_person_id = ANY($1)`,
      [originals],
    );
    const canonical = new Map(rows.map((row) => [row.original_person_id, row.person_id]));
    const newcomers = originals.filter((personId) => !canonical.has(personId));
    if (newcomers.length > 0) {
      await client.query(`INSERT INTO ${schema}.persons (original_person_id, person_id) SELECT p, p FROM unnest($1::text[]) AS p`, [newcomers]);
    }
    const facts = resolved.map((fact) => ({ ...fact, personId: canonical.get(fact.originalPersonId) ?? fact.originalPersonId }));
    await this.insertFacts(client, schema, facts);
    return facts;
  }

  /**
   * Recomputes people's rows outside the log's flow: after an erasure their personal data must
   * leave the read model although no event changed. Takes the checkpoint's own lock first (the
   * caller holds it) so the runner never interleaves. `schema` is a rebuild's shadow read model
   * when a rebuild brings in the erasures made while it ran.
   */
  async refreshPersons(client: PoolClient, personIds: string[], upTo: number, schema = this.schema): Promise<void> {
    const touched = personIds.map((personId) => ({ personId, type: 'refresh', data: {} }) as unknown as StoredEvent);
    await this.recompute(client, schema, await this.affectedGroup(client, schema, touched), upTo);
  }

  /** Recomputes whole merge groups from their streams; returns every person id they counted as, before or after. */
  private async recompute(client: PoolClient, schema: string, group: Set<string>, upTo: number): Promise<string[]> {
    const history = await this.historyOf(group, upTo);
    // Whoever a merge in these streams ever named may be who a record counts as again: a retracted
    // merge brings back the one before it, a corrected one moves the record to someone else.
    // They and their groups are recomputed too (a persons row is one group's alone).
    for (;;) {
      const named = new Set(history.map(mergedIntoBy).filter((personId): personId is string => personId !== undefined && !group.has(personId)));
      if (named.size === 0) break;
      const joining = [...(await this.groupsOf(client, schema, named))].filter((personId) => !group.has(personId));
      for (const personId of joining) group.add(personId);
      history.push(...(await this.historyOf(joining, upTo)));
    }
    const resolved = resolveHistory(await this.personalData.reveal(history));
    const { rows } = await client.query<{ person_id: string }>(`SELECT DISTINCT person_id FROM ${schema}.persons WHERE original_person_id = ANY($1)`, [[...group]]);
    await this.replaceGroup(client, schema, [...group], resolved);
    return [...new Set([...group, ...rows.map((row) => row.person_id), ...resolved.map((fact) => fact.personId)])];
  }

  private async historyOf(people: Iterable<string>, upTo: number): Promise<StoredEvent[]> {
    return [...(await this.store.readStreams([...people])).values()].flat().filter((event) => event.position <= upTo);
  }

  /** Everyone whose resolved view a batch can change: its streams, merge targets, and their merge groups. */
  private affectedGroup(client: PoolClient, schema: string, events: StoredEvent[]): Promise<Set<string>> {
    return this.groupsOf(client, schema, reshapedPeople(events));
  }

  /** These people and everyone in their merge groups now. */
  private async groupsOf(client: PoolClient, schema: string, people: Set<string>): Promise<Set<string>> {
    const touched = new Set(people);
    const { rows } = await client.query<{ original_person_id: string }>(
      `SELECT DISTINCT g.original_person_id
         FROM ${schema}.persons p JOIN ${schema}.persons g ON g.person_id = p.person_id
        WHERE p.original_person_id = ANY($1) OR p.person_id = ANY($1)`,
      [[...touched]],
    );
    for (const row of rows) touched.add(row.original_person_id);
    return touched;
  }

  private async replaceGroup(client: PoolClient, schema: string, group: string[], resolved: ResolvedEvent[]): Promise<void> {
    await client.query(`DELETE FROM ${schema}.events WHERE original_person_id = ANY($1)`, [group]);
    await client.query(`DELETE FROM ${schema}.persons WHERE original_person_id = ANY($1)`, [group]);
    const canonical = new Map(group.map((personId) => [personId, personId]));
    for (const event of resolved) canonical.set(event.originalPersonId, event.personId);
    // Someone merged into a person with no events of their own yet still belongs to that group.
    for (const event of resolved) {
      const into = (event.data as { intoPersonId?: unknown }).intoPersonId;
      if (event.type === 'person.merged' && typeof into === 'string' && !canonical.has(into)) canonical.set(into, event.personId);
    }
    await client.query(`INSERT INTO ${schema}.persons (original_person_id, person_id) SELECT * FROM unnest($1::text[], $2::text[])`, [
      [...canonical.keys()],
      [...canonical.values()],
    ]);
    await this.insertFacts(client, schema, resolved);
  }

  private async insertFacts(client: PoolClient, schema: string, resolved: ResolvedEvent[]): Promise<void> {
    if (resolved.length === 0) return;
    // COPY: a rebuild writes every fact of the log through here, in batches of thousands.
    await copyRows(
      client,
      `${schema}.events (event_id, person_id, original_person_id, type, occurred_at, occurred_date, recorded_at, area, data, position, corrected)`,
      resolved.map((e) => [e.eventId, e.personId, e.originalPersonId, e.type, e.occurredAt, e.occurredDate, e.recordedAt, e.area, JSON.stringify(e.data), e.position, e.corrected]),
    );
  }
}

/**
 * The streams of these events, and the people merged into by any of them, including by a
 * correction of a merge (which may move a record to someone outside its group until then).
 */
function reshapedPeople(events: StoredEvent[]): Set<string> {
  const people = new Set<string>();
  for (const event of events) {
    people.add(event.personId);
    const into = mergedIntoBy(event);
    if (into !== undefined) people.add(into);
  }
  return people;
}

