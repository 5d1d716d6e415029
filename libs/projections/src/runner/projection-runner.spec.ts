import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import type { StoredEvent } from '@ledger/domain/envelope';
import { EVENT_STORE_MIGRATIONS, PostgresEventStore, verifyChains } from '@ledger/event-store';
import { newEvent, registration } from '@ledger/event-store/event-store.contract';
import { createTestDatabase, TestDatabase } from '../../../../test/support/test-database';
import { resolveHistory } from '../measures';
import { ResolvedEventsProjection } from '../resolved-events/resolved-events.projection';
import { ResolvedEventsReader } from '../resolved-events/resolved-events.reader';
import type { Projection } from './projection';
import { PROJECTION_MIGRATIONS } from './projection.migrations';
import { ProjectionRunner } from './projection-runner';

/**
 * A deliberately non-idempotent read model: it adds one per event it is given, so any event
 * applied twice (or never) shows up in its totals. `failOnce` makes one batch fail half-way,
 * after it has already written, as a crash mid-batch would.
 */
class CountingProjection implements Projection {
  readonly name = 'counting';
  readonly version = 1;
  readonly schema = 'proj_counting';
  failOnce = false;
  async createTables(client: PoolClient, schema: string) {
    await client.query(`CREATE TABLE ${schema}.counts (event_id uuid PRIMARY KEY, applied int NOT NULL)`);
  }
  async apply(client: PoolClient, schema: string, events: StoredEvent[]) {
    for (const [index, event] of events.entries()) {
      await client.query(
        `INSERT INTO ${schema}.counts VALUES ($1, 1) ON CONFLICT (event_id) DO UPDATE SET applied = counts.applied + 1`,
        [event.eventId],
      );
      if (this.failOnce && index === Math.floor(events.length / 2)) {
        this.failOnce = false;
        throw new Error('simulated crash in the middle of a batch');
      }
    }
  }
}

describe('ProjectionRunner', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  beforeEach(async () => {
    db = await createTestDatabase([...EVENT_STORE_MIGRATIONS, ...PROJECTION_MIGRATIONS], 20);
    store = new PostgresEventStore(db.pool);
  });
  /** Runners a failed test would otherwise leave polling (and holding the database open). */
  const stopAfterwards: ProjectionRunner[] = [];
  afterEach(async () => {
    for (const runner of stopAfterwards.splice(0)) await runner.stop();
    await db.drop();
  });

  async function counts(): Promise<Map<string, number>> {
    const { rows } = await db.pool.query<{ event_id: string; applied: number }>('SELECT event_id, applied FROM proj_counting.counts');
    return new Map(rows.map((row) => [row.event_id, row.applied]));
  }

  it('8 concurrent writers (planned under the lock or before it) against two live runners: every event applied exactly once, resolved view exact', async () => {
    const counting = new CountingProjection();
    const resolved = new ResolvedEventsProjection(store);
    // Two runners over the same read models, as the API process and a worker would be.
    const api = new ProjectionRunner(db.pool, store, [counting, resolved]);
    const worker = new ProjectionRunner(db.pool, store, [counting, resolved]);
    await api.start({ pollIntervalMs: 10, batchSize: 13 });
    await worker.start({ pollIntervalMs: 15, batchSize: 7 });

    const written: string[] = [];
    await Promise.all(
      Array.from({ length: 8 }, async (_, writer) => {
        const person = `p-${writer}-${randomUUID()}`;
        const first = registration(person);
        await store.append([first]);
        written.push(first.eventId);
        const headsNow = async () => (await store.readForRecording({ personIds: [person], types: [], eventIds: [] })).heads;
        let earlier = await headsNow();
        for (let round = 0; round < 20; round++) {
          const batch = [newEvent(person), newEvent(person)];
          // Every third round one writer holds its transaction open while the others commit.
          const slow = round % 3 === 0 && writer % 2 === 0;
          // The others mix the three ways in: planned under the lock (no heads), planned before it
          // in one statement (fresh heads), and stale heads that make it fall back.
          const way = (writer + round) % 3;
          const expectedHeads = way === 1 ? await headsNow() : way === 2 ? earlier : undefined;
          earlier = await headsNow();
          await store.append(batch, slow ? { beforeCommit: () => new Promise((r) => setTimeout(r, 15)) } : { expectedHeads });
          written.push(...batch.map((e) => e.eventId));
        }
      }),
    );
    const head = await store.headPosition();
    await api.caughtUpTo(head);
    await worker.caughtUpTo(head);
    await api.stop();
    await worker.stop();

    const applied = await counts();
    expect(applied.size).toBe(written.length);
    expect([...applied.values()].every((n) => n === 1)).toBe(true);
    expect(await api.checkpoint('counting')).toBe(head);

    const all = await store.readAll(0, 100_000);
    // Gapless, each event once, every chain intact.
    expect(all.map((e) => e.position)).toEqual(all.map((_, index) => index + 1));
    expect((await verifyChains(store)).intact).toBe(true);
    const reader = new ResolvedEventsReader(db.pool);
    const fromProjection = await reader.ofTypes(['person.registered', 'arrest.recorded']);
    expect(fromProjection.map((e) => e.eventId).sort()).toEqual(resolveHistory(all).map((e) => e.eventId).sort());
  });

  it('a batch that fails half-way leaves nothing behind and is applied once on retry', async () => {
    const counting = new CountingProjection();
    const runner = new ProjectionRunner(db.pool, store, [counting]);
    const person = `p-${randomUUID()}`;
    await store.append([registration(person), ...Array.from({ length: 9 }, () => newEvent(person))]);
    counting.failOnce = true;
    await runner.start({ pollIntervalMs: 10, batchSize: 10 });
    await runner.caughtUpTo(10);
    await runner.stop();
    const applied = await counts();
    expect(applied.size).toBe(10);
    expect([...applied.values()]).toEqual(Array(10).fill(1));
  });

  it('rebuilds a projection whose read-model shape version changed, at start', async () => {
    const v1 = new CountingProjection();
    const person = `p-${randomUUID()}`;
    await store.append([registration(person), newEvent(person), newEvent(person)]);
    await new ProjectionRunner(db.pool, store, [v1]).ensureCreated();
    await new ProjectionRunner(db.pool, store, [v1]).catchUp('counting');
    await db.pool.query(`UPDATE proj_counting.counts SET applied = 99`); // what an old shape held

    const v2 = Object.assign(new CountingProjection(), { version: 2 });
    // Two processes starting together (the API and a command, say): one rebuilds, the other waits and finds it done.
    await Promise.all([new ProjectionRunner(db.pool, store, [v2]).ensureCreated(), new ProjectionRunner(db.pool, store, [v2]).ensureCreated()]);
    expect([...(await counts()).values()]).toEqual([1, 1, 1]);
    const { rows } = await db.pool.query(`SELECT position, version FROM ledger_projection_checkpoints WHERE name = 'counting'`);
    expect(rows[0]).toEqual({ position: '3', version: 2 });
  });

  it('upgrades a read model in place when the projection can, rebuilding only what it cannot', async () => {
    const person = `p-${randomUUID()}`;
    await store.append([registration(person), newEvent(person), newEvent(person)]);
    const v1 = new CountingProjection();
    await new ProjectionRunner(db.pool, store, [v1]).ensureCreated();
    await new ProjectionRunner(db.pool, store, [v1]).catchUp('counting');
    await db.pool.query(`UPDATE proj_counting.counts SET applied = 99`); // a rebuild would put these back to 1

    // Version 2 adds an index in place: the rows stay as they were, the version moves on.
    const upgrades: number[] = [];
    const v2 = Object.assign(new CountingProjection(), {
      version: 2,
      upgrade: async (client: PoolClient, schema: string, fromVersion: number) => {
        upgrades.push(fromVersion);
        await client.query(`CREATE INDEX IF NOT EXISTS counts_applied_idx ON ${schema}.counts (applied)`);
        return fromVersion === 1;
      },
    });
    const messages: string[] = [];
    await new ProjectionRunner(db.pool, store, [v2], (message) => messages.push(message)).ensureCreated();
    expect(upgrades).toEqual([1]);
    expect([...(await counts()).values()]).toEqual([99, 99, 99]);
    expect((await db.pool.query(`SELECT version FROM ledger_projection_checkpoints WHERE name = 'counting'`)).rows[0].version).toBe(2);
    expect((await db.pool.query(`SELECT indexname FROM pg_indexes WHERE schemaname = 'proj_counting'`)).rows.map((row) => row.indexname)).toContain('counts_applied_idx');
    expect(messages.join('\n')).toMatch(/upgraded in place from version 1 to 2/);

    // Version 3 says it cannot upgrade from 2: rebuilt from the log.
    const v3 = Object.assign(new CountingProjection(), { version: 3, upgrade: async () => false });
    await new ProjectionRunner(db.pool, store, [v3]).ensureCreated();
    expect([...(await counts()).values()]).toEqual([1, 1, 1]);
  });

  it('rebuilds several projections in one pass over the log, each equal to what it maintained live', async () => {
    const counting = new CountingProjection();
    const resolved = new ResolvedEventsProjection(store);
    const runner = new ProjectionRunner(db.pool, store, [counting, resolved]);
    await runner.start({ pollIntervalMs: 10 });
    stopAfterwards.push(runner);
    const people = Array.from({ length: 5 }, () => `p-${randomUUID()}`);
    for (const person of people) await store.append([registration(person), ...Array.from({ length: 6 }, () => newEvent(person))]);
    await runner.caughtUpTo(await store.headPosition());
    const resolvedRows = async () => (await db.pool.query('SELECT event_id, person_id, occurred_at FROM proj_resolved.events ORDER BY event_id')).rows;
    const live = { counts: await counts(), resolved: await resolvedRows() };

    // Counted with the live runner paused (its polls read the log too).
    await runner.stop();
    let reads = 0;
    const readAll = store.readAll.bind(store);
    store.readAll = (after, limit) => (reads++, readAll(after, limit));
    const position = await runner.rebuildAll(undefined, undefined, 10).finally(() => (store.readAll = readAll));
    await runner.start({ pollIntervalMs: 10 });

    expect(position).toBe(35);
    // 35 events in batches of 10: four reads with events and one empty, once for both projections (+1 for the final catch-up).
    expect(reads).toBe(6);
    expect(await counts()).toEqual(live.counts);
    expect(await resolvedRows()).toEqual(live.resolved);
    // Swapped in with planner statistics, not left for autovacuum to gather some time later.
    const analysed = await db.pool.query(
      `SELECT relname FROM pg_stat_user_tables WHERE schemaname = 'proj_resolved' AND relname IN ('events', 'persons') AND last_analyze IS NOT NULL ORDER BY relname`,
    );
    expect(analysed.rows).toEqual([{ relname: 'events' }, { relname: 'persons' }]);
    expect((await db.pool.query('SELECT name, position FROM ledger_projection_checkpoints ORDER BY name')).rows).toEqual([
      { name: 'counting', position: '35' },
      { name: 'resolved-events', position: '35' },
    ]);
    // The live runner carries on from the swapped state, applying each new event once.
    await store.append([newEvent(people[0])]);
    await runner.caughtUpTo(36);
    await runner.stop();
    expect([...(await counts()).values()].every((n) => n === 1)).toBe(true);
    expect((await counts()).size).toBe(36);
  });

  it('a rebuild in which one projection fails leaves every live read model and checkpoint as it was, and can be run again', async () => {
    const counting = new CountingProjection();
    const resolved = new ResolvedEventsProjection(store);
    const runner = new ProjectionRunner(db.pool, store, [counting, resolved]);
    const people = Array.from({ length: 4 }, () => `p-${randomUUID()}`);
    for (const person of people) await store.append([registration(person), ...Array.from({ length: 5 }, () => newEvent(person))]);
    await runner.ensureCreated();
    for (const name of runner.names) await runner.catchUp(name);
    const resolvedRows = async () => (await db.pool.query('SELECT event_id, person_id, occurred_at FROM proj_resolved.events ORDER BY event_id')).rows;
    const checkpoints = async () => (await db.pool.query('SELECT name, position FROM ledger_projection_checkpoints ORDER BY name')).rows;
    const live = { counts: await counts(), resolved: await resolvedRows(), checkpoints: await checkpoints() };

    // The counting projection fails in its second batch of the bulk pass, while the other applies the same batch beside it.
    let batches = 0;
    const apply = counting.apply.bind(counting);
    counting.apply = async (client, schema, events) => {
      if (++batches === 2) counting.failOnce = true;
      return apply(client, schema, events);
    };
    await expect(runner.rebuildAll(undefined, undefined, 10)).rejects.toThrow('simulated crash in the middle of a batch');
    expect(await counts()).toEqual(live.counts);
    expect(await resolvedRows()).toEqual(live.resolved);
    expect(await checkpoints()).toEqual(live.checkpoints);

    expect(await runner.rebuildAll(undefined, undefined, 10)).toBe(24);
    expect(await counts()).toEqual(live.counts);
    expect(await resolvedRows()).toEqual(live.resolved);
    expect(await checkpoints()).toEqual(live.checkpoints);
  });

  it('rebuild from zero equals the incrementally maintained state, and serves the old state until swapped', async () => {
    const resolved = new ResolvedEventsProjection(store);
    const runner = new ProjectionRunner(db.pool, store, [resolved]);
    await runner.start({ pollIntervalMs: 10 });
    stopAfterwards.push(runner);
    const a = `p-a-${randomUUID()}`;
    const b = `p-b-${randomUUID()}`;
    const arrest = newEvent(a);
    await store.append([registration(a), registration(b), arrest, newEvent(b)]);
    await store.append([
      newEvent(a, 'record.corrected', { data: { targetEventId: arrest.eventId, reason: 'wrong date', data: arrest.data, occurredAt: '2024-01-15' } }),
      newEvent(b, 'person.merged', { data: { intoPersonId: a } }),
    ]);
    await runner.caughtUpTo(await store.headPosition());
    const snapshot = async () =>
      (await db.pool.query('SELECT event_id, person_id, occurred_at, corrected FROM proj_resolved.events ORDER BY event_id')).rows;
    const incremental = await snapshot();
    // a's registration and arrest, plus b's registration, event and merge: 5 facts (the correction is not one).
    expect(incremental.filter((row: any) => row.person_id === a)).toHaveLength(5);
    expect(incremental.find((row: any) => row.event_id === arrest.eventId)).toMatchObject({ occurred_at: '2024-01-15', corrected: true });

    // The indexes reports query through: a rebuild builds them after its bulk pass, and must end with the same as a new read model.
    const indexes = async () =>
      (await db.pool.query(`SELECT tablename, regexp_replace(indexdef, ' ON \\S+', ' ON') AS definition FROM pg_indexes WHERE schemaname = 'proj_resolved' ORDER BY 1, 2`)).rows;
    const created = await indexes();
    expect(created).toEqual(expect.arrayContaining([{ tablename: 'events', definition: 'CREATE UNIQUE INDEX events_pkey ON USING btree (event_id)' }]));

    const progress: number[] = [];
    await runner.rebuild('resolved-events', (position) => progress.push(position));
    expect(await snapshot()).toEqual(incremental);
    expect(await indexes()).toEqual(created);
    expect(progress[progress.length - 1]).toBe(await store.headPosition());

    // A version-4 read model (with a (person_id, area) index since dropped) is brought in place to the same indexes.
    await db.pool.query(`CREATE INDEX events_person_id_area_idx ON proj_resolved.events (person_id, area); UPDATE ledger_projection_checkpoints SET version = 4 WHERE name = 'resolved-events'`);
    await new ProjectionRunner(db.pool, store, [new ResolvedEventsProjection(store)]).ensureCreated();
    expect(await indexes()).toEqual(created);
    expect(await snapshot()).toEqual(incremental);
    // The live runner carries on after the swap without applying anything twice.
    await store.append([newEvent(a)]);
    await runner.caughtUpTo(await store.headPosition());
    expect((await snapshot()).filter((row: any) => row.person_id === a)).toHaveLength(6);
    await runner.stop();
  });
});
