import { randomUUID } from 'node:crypto';
import { EVENT_STORE_MIGRATIONS, PostgresEventStore } from '@ledger/event-store';
import { newEvent, registration } from '@ledger/event-store/event-store.contract';
import { generatePopulation } from '@ledger/demo-data';
import { createTestDatabase, TestDatabase } from '../../../../test/support/test-database';
import { mappaReviews, mappaSnapshot, provenReoffending, reoffendingOf, resolveHistory, type ResolvedEvent } from '../measures';
import { PROJECTION_MIGRATIONS } from '../runner/projection.migrations';
import { ProjectionRunner } from '../runner/projection-runner';
import { ResolvedEventsProjection } from './resolved-events.projection';
import { ResolvedEventsReader } from './resolved-events.reader';

/**
 * The read model, maintained batch by batch (plain events inserted, corrections, retractions and
 * merges recomputed), must equal resolving the whole log at once, whatever the batch boundaries.
 * The synthetic population has late records, corrections, retractions and merged duplicates.
 */
describe('resolved-events read model', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase([...EVENT_STORE_MIGRATIONS, ...PROJECTION_MIGRATIONS]);
  });
  afterAll(async () => db.drop());

  it.each([1, 7, 250])('equals resolveHistory over the whole log when applied in batches of %i', async (batchSize) => {
    const schema = `proj_resolved`;
    await db.pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await db.pool.query('DELETE FROM ledger_projection_checkpoints');
    const store = new PostgresEventStore(db.pool);
    if ((await store.headPosition()) === 0) {
      const events = [...generatePopulation({ people: 120, seed: 'resolved-equivalence' })];
      for (let i = 0; i < events.length; i += 500) await store.append(events.slice(i, i + 500));
    }
    const all = await store.readAll(0, 1_000_000);
    const kinds = new Set(all.map((event) => event.type));
    expect(['record.corrected', 'record.retracted', 'person.merged'].every((type) => kinds.has(type))).toBe(true);

    const runner = new ProjectionRunner(db.pool, store, [new ResolvedEventsProjection(store)]);
    await runner.ensureCreated();
    await runner.catchUp('resolved-events', batchSize);

    const reader = new ResolvedEventsReader(db.pool);
    const expected = resolveHistory(all);
    const actual = await reader.ofTypes([...kinds]);
    const byId = (list: typeof expected) => [...list].sort((a, b) => a.position - b.position);
    expect(byId(actual)).toEqual(byId(expected));

    // Access decisions: a person's areas, and a merged duplicate's record answers with the person it counts as.
    const areas = new Map<string, Set<string>>();
    for (const fact of expected) areas.set(fact.personId, (areas.get(fact.personId) ?? new Set()).add(fact.area));
    const records = new Map(expected.map((fact) => [fact.originalPersonId, fact.personId]));
    expect([...records].some(([record, person]) => record !== person)).toBe(true);
    const recordsOf = (person: string) => [...records].filter(([, counted]) => counted === person).map(([record]) => record).sort();
    const head = all[all.length - 1].position;
    for (const [record, person] of records) {
      expect(await reader.personWithCheckpoint(record)).toEqual({
        checkpoint: head,
        personId: person,
        records: recordsOf(person),
        areas: [...areas.get(person)!].sort(),
      });
    }
    expect(await reader.personWithCheckpoint('P-nobody')).toEqual({ checkpoint: head, personId: 'P-nobody', records: ['P-nobody'], areas: [] });

    // The MAPPA segments answer the snapshot and the reviews exactly as folding the events does.
    let busiest = 0;
    for (let day = Date.parse('2013-01-01'); day < Date.parse('2026-11-01'); day += 211 * 86_400_000) {
      const at = new Date(day).toISOString().slice(0, 10);
      for (const area of [undefined, 'hampshire-iow', 'dorset', 'warwickshire']) {
        const snapshot = await reader.mappaSnapshot(at, area);
        busiest = Math.max(busiest, snapshot.totals.all);
        expect(snapshot).toEqual(mappaSnapshot(expected, at, { area }));
        expect(await reader.mappaReviews(at, false, area)).toEqual(mappaReviews(expected, at, { area }));
      }
    }
    expect(busiest).toBeGreaterThan(5); // the comparison covered real caseloads, not empty tables

    // Reoffending from the read model (index events of the period, proven offences) equals the fold.
    let offenders = 0;
    let reoffenders = 0;
    for (const [from, to] of [['2016-01-01', '2016-04-01'], ['2019-07-01', '2019-10-01'], ['2023-01-01', '2024-01-01'], ['2012-01-01', '2026-11-01']]) {
      const people = await reader.reoffendingPeople(from, to);
      // Without a breakdown the handler leaves registrations out: the figures must not change.
      const withoutRegistrations = await reader.reoffendingPeople(from, to, { registrations: false });
      for (const opts of [{}, { by: 'gender' as const }, { by: 'age' as const }, { area: 'dorset' }]) {
        const fromReadModel = reoffendingOf(people, from, to, opts);
        expect(fromReadModel).toEqual(provenReoffending(expected, from, to, opts));
        if (!('by' in opts)) expect(reoffendingOf(withoutRegistrations, from, to, opts)).toEqual(fromReadModel);
        offenders = Math.max(offenders, fromReadModel.offenders);
        reoffenders = Math.max(reoffenders, fromReadModel.reoffenders);
      }
    }
    expect(offenders).toBeGreaterThan(20);
    expect(reoffenders).toBeGreaterThan(5);
  });

  it('a rebuild (facts in bulk, MAPPA segments and proven offences derived once at the end) equals the read model kept batch by batch', async () => {
    const store = new PostgresEventStore(db.pool);
    if ((await store.headPosition()) === 0) {
      const events = [...generatePopulation({ people: 120, seed: 'resolved-equivalence' })];
      for (let i = 0; i < events.length; i += 500) await store.append(events.slice(i, i + 500));
    }
    await db.pool.query('DROP SCHEMA IF EXISTS proj_resolved CASCADE');
    await db.pool.query('DELETE FROM ledger_projection_checkpoints');
    const runner = new ProjectionRunner(db.pool, store, [new ResolvedEventsProjection(store)]);
    await runner.ensureCreated();
    await runner.catchUp('resolved-events', 250);
    const tables = async () => ({
      events: (await db.pool.query('SELECT * FROM proj_resolved.events ORDER BY event_id')).rows,
      persons: (await db.pool.query('SELECT * FROM proj_resolved.persons ORDER BY original_person_id')).rows,
      mappaSegments: (await db.pool.query('SELECT * FROM proj_resolved.mappa_segments ORDER BY person_id, from_date')).rows,
      provenOffences: (await db.pool.query('SELECT * FROM proj_resolved.proven_offences ORDER BY person_id, offence_id')).rows,
    });
    const live = await tables();
    expect(live.mappaSegments.length).toBeGreaterThan(20);
    expect(live.provenOffences.length).toBeGreaterThan(50);

    // Derived 7 people at a time, so the people are handed over in many chunks.
    await new ProjectionRunner(db.pool, store, [new ResolvedEventsProjection(store, undefined, 7)]).rebuild('resolved-events', undefined, 97);
    expect(await tables()).toEqual(live);
  });

  it.each([1, 2, 5])('follows merges moved by corrections and retractions, in batches of %i, as resolving the whole log does', async (batchSize) => {
    const store = new PostgresEventStore(db.pool);
    await db.pool.query('DROP SCHEMA IF EXISTS proj_resolved CASCADE');
    await db.pool.query('DELETE FROM ledger_projection_checkpoints');
    const runner = new ProjectionRunner(db.pool, store, [new ResolvedEventsProjection(store)]);
    await runner.ensureCreated();
    await runner.catchUp('resolved-events');

    const [v, w, x, y, z] = ['V', 'W', 'X', 'Y', 'Z'].map((name) => `p-${name}-${randomUUID()}`);
    const at = (day: string) => ({ occurredAt: day, recordedAt: `${day}T12:00:00.000Z` });
    const merge = (from: string, into: string, day: string) => newEvent(from, 'person.merged', { ...at(day), data: { intoPersonId: into } });
    const zIntoX = merge(z, x, '2024-04-01');
    const zIntoV = merge(z, v, '2024-06-01');
    await store.append([...[v, w, x, y, z].map((person) => registration(person, at('2020-01-01'))), ...[v, w, x, y, z].map((person) => newEvent(person))]);
    await store.append([merge(x, w, '2024-01-01')]);
    await store.append([zIntoX]);
    // Z was not X but Y; then merged again, into V; that merge retracted, so Y again; then X after all (X counting as W).
    await store.append([newEvent(z, 'record.corrected', { ...at('2024-05-01'), data: { targetEventId: zIntoX.eventId, reason: 'wrong person', data: { intoPersonId: y } } })]);
    await store.append([zIntoV]);
    await store.append([newEvent(z, 'record.retracted', { ...at('2024-07-01'), data: { targetEventId: zIntoV.eventId, reason: 'wrong person' } })]);

    const reader = new ResolvedEventsReader(db.pool);
    const countedAs = async () => Object.fromEntries(await Promise.all([v, w, x, y, z].map(async (p) => [p, (await reader.personWithCheckpoint(p)).personId])));
    const resolvesAsTheWholeLog = async () => {
      const all = await store.readAll(0, 1_000_000);
      const byPosition = (list: ResolvedEvent[]) => [...list].sort((a, b) => a.position - b.position);
      expect(byPosition(await reader.ofTypes([...new Set(all.map((event) => event.type))]))).toEqual(byPosition(resolveHistory(all)));
    };
    await runner.catchUp('resolved-events', batchSize);
    expect(await countedAs()).toEqual({ [v]: v, [w]: w, [x]: w, [y]: y, [z]: y });
    await resolvesAsTheWholeLog();

    await store.append([newEvent(z, 'record.corrected', { ...at('2024-08-01'), data: { targetEventId: zIntoX.eventId, reason: 'X after all', data: { intoPersonId: x } } })]);
    await runner.catchUp('resolved-events', batchSize);
    expect(await countedAs()).toEqual({ [v]: v, [w]: w, [x]: w, [y]: y, [z]: w });
    await resolvesAsTheWholeLog();
  });

  it("names a person's records and areas from every record counted as them, each once, with the checkpoint they were read at", async () => {
    const store = new PostgresEventStore(db.pool);
    const runner = new ProjectionRunner(db.pool, store, [new ResolvedEventsProjection(store)]);
    await runner.ensureCreated();
    const [person, duplicate] = [`p-${randomUUID()}`, `p-${randomUUID()}`];
    await store.append([
      registration(person, { area: 'dorset' }),
      ...Array.from({ length: 30 }, () => newEvent(person, 'arrest.recorded', { area: 'dorset' })),
      newEvent(person, 'arrest.recorded', { area: 'avon-and-somerset' }),
      registration(duplicate, { area: 'wiltshire' }),
    ]);
    await runner.catchUp('resolved-events');
    const reader = new ResolvedEventsReader(db.pool);
    const seen = (record: string) => reader.personWithCheckpoint(record);
    expect(await seen(person)).toMatchObject({ personId: person, records: [person], areas: ['avon-and-somerset', 'dorset'] });
    expect(await seen(duplicate)).toMatchObject({ personId: duplicate, records: [duplicate], areas: ['wiltshire'] });

    // Until the read model catches up, the checkpoint it reports says the answer is behind the log.
    const [merge] = await store.append([newEvent(duplicate, 'person.merged', { area: 'wiltshire', data: { intoPersonId: person } })]);
    const behind = await seen(duplicate);
    expect(behind).toMatchObject({ personId: duplicate, areas: ['wiltshire'] });
    expect(behind.checkpoint).toBeLessThan(merge.position);

    await runner.catchUp('resolved-events');
    const merged = { personId: person, records: [person, duplicate].sort(), areas: ['avon-and-somerset', 'dorset', 'wiltshire'] };
    expect(await seen(person)).toEqual({ ...merged, checkpoint: merge.position });
    expect(await seen(duplicate)).toEqual({ ...merged, checkpoint: merge.position });
  });
});
