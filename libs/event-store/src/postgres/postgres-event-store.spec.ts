import { spawn } from 'node:child_process';
import * as path from 'node:path';
import * as fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { createTestDatabase, TestDatabase } from '../../../../test/support/test-database';
import { tamper as tamperWith } from '../../../../test/support/tamper';
import { describeEventStoreContract, newEvent, registration } from '../event-store.contract';
import { verifyChains } from '../verify/verify-chains';
import { EVENT_STORE_MIGRATIONS } from './event-store.migrations';
import { APPEND_LOCK, PostgresEventStore } from './postgres-event-store';
import { WrongExpectedVersionError } from '../event-store.port';

let current: TestDatabase | null = null;
describeEventStoreContract('PostgreSQL', {
  async create() {
    current = await createTestDatabase(EVENT_STORE_MIGRATIONS);
    return new PostgresEventStore(current.pool);
  },
  async dispose() {
    await current?.drop();
    current = null;
  },
});

describe('PostgreSQL event store: what the database itself guarantees', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  beforeEach(async () => {
    db = await createTestDatabase(EVENT_STORE_MIGRATIONS);
    store = new PostgresEventStore(db.pool);
  });
  afterEach(async () => db.drop());

  async function seedStreams() {
    const a = `p-a-${randomUUID()}`;
    const b = `p-b-${randomUUID()}`;
    const events = [registration(a), registration(b), newEvent(a), newEvent(b), newEvent(a), newEvent(a)];
    await store.append(events);
    return { a, b, events };
  }

  const tamper = (sql: string, params: unknown[] = []) => tamperWith(db.pool, sql, params);

  it('refuses UPDATE, DELETE and TRUNCATE on the event table', async () => {
    const { events } = await seedStreams();
    await expect(db.pool.query(`UPDATE ledger_events SET area = 'dorset'`)).rejects.toThrow(/append-only: UPDATE/);
    await expect(db.pool.query('DELETE FROM ledger_events WHERE event_id = $1', [events[0].eventId])).rejects.toThrow(/append-only: DELETE/);
    await expect(db.pool.query('TRUNCATE ledger_events')).rejects.toThrow(/append-only: TRUNCATE/);
    expect(await store.headPosition()).toBe(6);
  });

  it('verify reports an intact ledger with a summary', async () => {
    await seedStreams();
    const report = await verifyChains(store);
    expect(report).toMatchObject({ intact: true, streams: 2, events: 6, headPosition: 6, brokenStreams: [], missingPositions: [] });
  });

  it('verify names an event whose stored content was altered', async () => {
    const { a, b, events } = await seedStreams();
    await tamper(`UPDATE ledger_events SET data = jsonb_set(data, '{offences,0,category}', '"fraud"') WHERE event_id = $1`, [events[4].eventId]);
    const report = await verifyChains(store);
    expect(report.intact).toBe(false);
    expect(report.brokenStreams).toEqual([expect.objectContaining({ personId: a, problem: 'altered', eventId: events[4].eventId, version: 3 })]);
    expect(report.brokenStreams.find((s) => s.personId === b)).toBeUndefined();
  });

  it('verify names the event after one deleted from the middle of a stream', async () => {
    const { a, events } = await seedStreams();
    await tamper('DELETE FROM ledger_events WHERE event_id = $1', [events[2].eventId]);
    const report = await verifyChains(store);
    expect(report.brokenStreams).toEqual([expect.objectContaining({ personId: a, problem: 'missing', eventId: events[4].eventId })]);
    expect(report.missingPositions).toEqual([{ from: 3, to: 3 }]);
  });

  it('verify notices events removed from the end of a stream', async () => {
    const { a, events } = await seedStreams();
    await tamper('DELETE FROM ledger_events WHERE event_id = $1', [events[5].eventId]);
    const report = await verifyChains(store);
    expect(report.brokenStreams).toEqual([expect.objectContaining({ personId: a, problem: 'truncated', version: 3 })]);
  });

  it('verify names reordered events', async () => {
    const { a, events } = await seedStreams();
    await tamper(`UPDATE ledger_events SET position = CASE WHEN event_id = $1 THEN 100 ELSE 3 END WHERE event_id IN ($1, $2)`, [events[2].eventId, events[4].eventId]);
    await tamper(`UPDATE ledger_events SET position = 5 WHERE position = 100`);
    const report = await verifyChains(store);
    expect(report.brokenStreams).toEqual([expect.objectContaining({ personId: a, problem: 'reordered', eventId: events[4].eventId })]);
  });

  it('appends arriving together share a commit, yet each stands or falls alone', async () => {
    const { a, events } = await seedStreams();
    const good = Array.from({ length: 20 }, () => {
      const person = `p-group-${randomUUID()}`;
      return [registration(person), newEvent(person)];
    });
    const stale = [newEvent(a, 'arrest.recorded', { expectedVersion: 1 }), newEvent(a)]; // a is at version 4
    const conflicting = [{ ...events[0], data: { ...events[0].data, gender: 'female' } }];
    const outcomes = await Promise.allSettled([...good.slice(0, 10), stale, ...good.slice(10), conflicting].map((batch) => store.append(batch)));

    expect(outcomes.filter((o) => o.status === 'rejected').map((o: any) => o.reason.name).sort()).toEqual(['IdempotencyConflictError', 'WrongExpectedVersionError']);
    for (const batch of good) expect((await store.readStream(batch[0].personId)).map((e) => e.eventId)).toEqual(batch.map((e) => e.eventId));
    expect(await store.readStream(a)).toHaveLength(4);
    const report = await verifyChains(store);
    expect(report).toMatchObject({ intact: true, events: 6 + 40, missingPositions: [] });
  });

  it('an append given fresh heads is written in one statement; a stale one falls back to planning under the lock', async () => {
    const { a, b } = await seedStreams();
    const { watched, statements, watchedPool } = watchedStore(db.url);
    const heads = (await store.readForRecording({ personIds: [a, b], types: [], eventIds: [] })).heads;

    const [fast] = await watched.append([newEvent(a)], { expectedHeads: heads });
    expect(statements).toHaveLength(1);
    expect(statements[0]).toContain('ledger_append_planned');
    expect(fast).toMatchObject({ version: 5, position: 7, duplicate: false });

    statements.length = 0;
    const [slow] = await watched.append([newEvent(a)], { expectedHeads: heads }); // a has moved on to 5
    expect(statements[0]).toContain('ledger_append_planned');
    expect(statements.slice(1).some((text) => text.includes('pg_advisory_xact_lock'))).toBe(true);
    expect(slow).toMatchObject({ version: 6, position: 8 });
    expect(await verifyChains(store)).toMatchObject({ intact: true, events: 8, missingPositions: [] });
    await watchedPool.end();
  });

  it('rule-context reads arriving while one runs wait and then share one query, each answered with its own part', async () => {
    const { a, b, events } = await seedStreams();
    const { watched, statements, watchedPool } = watchedStore(db.url);
    const ask = (personId: string, eventIds: string[] = []) => ({ personIds: [personId], types: ['person.registered'], eventIds });
    const requests = [ask(a), ask(b, [events[1].eventId]), ask(a, [events[0].eventId]), ask(`p-${randomUUID()}`), ask(b)];
    const answers = await Promise.all(requests.map((request) => watched.readForRecording(request)));
    // The first goes at once; the four that came while it ran go together.
    expect(statements.filter((text) => text.includes('ledger_stream_heads'))).toHaveLength(2);
    expect(answers.map((answer) => [...answer.heads.values()].map((head) => head.version))).toEqual([[4], [2], [4], [0], [2]]);
    expect(answers.map((answer) => answer.events.map((event) => event.eventId))).toEqual([[], [events[1].eventId], [events[0].eventId], [], []]);
    expect(answers[4].streams.get(b)!.map((event) => event.eventId)).toEqual([events[1].eventId]);
    await watchedPool.end();
  });

  it('a large append (an import batch) goes by COPY; stale heads or an event already stored make it write nothing and fall back', async () => {
    const { a, b } = await seedStreams();
    const { watched, statements, watchedPool } = watchedStore(db.url);
    const headsNow = async () => (await store.readForRecording({ personIds: [a, b], types: [], eventIds: [] })).heads;
    const batch = (n: number) => Array.from({ length: n }, (_, i) => newEvent(i % 3 ? a : b));
    const positions = (results: Array<{ position: number }>) => results.map((result) => result.position);
    const from = (first: number, n: number) => Array.from({ length: n }, (_, i) => first + i);

    const heads = await headsNow();
    const first = batch(150);
    expect(positions(await watched.append(first, { expectedHeads: heads }))).toEqual(from(7, 150));
    expect(statements.some((text) => text.includes('ledger_append_staged'))).toBe(true);
    expect(statements.some((text) => text.includes('ledger_append_planned') || text.includes('pg_advisory_xact_lock'))).toBe(false);

    statements.length = 0;
    // The same heads again: both streams have moved, so the staged write refuses and the group is planned under the lock.
    expect(positions(await watched.append(batch(150), { expectedHeads: heads }))).toEqual(from(157, 150));
    expect(statements.some((text) => text.includes('ledger_append_staged'))).toBe(true);
    expect(statements.some((text) => text.includes('pg_advisory_xact_lock'))).toBe(true);

    // Fresh heads, but 50 of the events are stored already: replays, not second copies.
    const results = await watched.append([...first.slice(0, 50), ...batch(100)], { expectedHeads: await headsNow() });
    expect(results.filter((result) => result.duplicate).map((result) => result.position)).toEqual(from(7, 50));
    expect(positions(results.filter((result) => !result.duplicate))).toEqual(from(307, 100));
    expect(await verifyChains(store)).toMatchObject({ intact: true, events: 6 + 150 + 150 + 100, missingPositions: [] });
    await watchedPool.end();
  });

  describe('while an append is being written (the append lock held elsewhere, so it waits in PostgreSQL)', () => {
    let held: { release(): Promise<void> } | null = null;
    afterEach(async () => {
      await held?.release();
      held = null;
    });
    async function holdAppendLock() {
      const holder = await db.pool.connect();
      await holder.query('SELECT pg_advisory_lock($1)', [APPEND_LOCK]);
      let released = false;
      held = {
        release: async () => {
          if (released) return;
          released = true;
          await holder.query('SELECT pg_advisory_unlock($1)', [APPEND_LOCK]);
          holder.release();
        },
      };
      return {
        release: held.release,
        /** Ends the waiting writer's connection: its transaction, and so the append, fails. */
        killWriter: async () => {
          await holder.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                               WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'`);
        },
      };
    }
    const context = (personId: string, eventIds: string[], committedOnly = false) =>
      store.readForRecording({ personIds: [personId], types: ['person.registered', 'arrest.recorded'], eventIds, committedOnly });

    async function startWriting(personId: string) {
      const heads = (await context(personId, [])).heads;
      const events = [newEvent(personId, 'arrest.recorded'), newEvent(personId, 'arrest.recorded')];
      let writing!: () => void;
      const begun = new Promise<void>((resolve) => (writing = resolve));
      const appended = store.append(events, { expectedHeads: heads, onWriting: writing });
      appended.catch(() => undefined);
      await begun;
      return { events, appended };
    }

    it('a rule-context read shows its events provisionally, a committed-only read does not, and after the commit both agree', async () => {
      const person = `p-${randomUUID()}`;
      await store.append([registration(person)]);
      const lock = await holdAppendLock();
      const { events, appended } = await startWriting(person);

      const shown = await context(person, events.map((e) => e.eventId));
      expect(shown.heads.get(person)!.version).toBe(3);
      expect(shown.streams.get(person)!.map((e) => e.version)).toEqual([1, 2, 3]);
      expect(shown.events.map((e) => e.eventId).sort()).toEqual(events.map((e) => e.eventId).sort());
      expect(shown.provisional).toBeInstanceOf(Promise);
      const committed = await context(person, events.map((e) => e.eventId), true);
      expect(committed.events).toEqual([]);
      expect(committed.provisional).toBeUndefined();
      expect(committed.heads.get(person)!.version).toBe(1);

      await lock.release();
      expect((await appended).map((result) => result.version)).toEqual([2, 3]);
      await shown.provisional;
      const after = await context(person, []);
      expect(after.provisional).toBeUndefined();
      expect(after.heads.get(person)).toEqual(shown.heads.get(person));
      expect(after.streams.get(person)!.map((e) => e.hash)).toEqual(shown.streams.get(person)!.map((e) => e.hash));
    });

    it('if the write fails, what it showed settles and is gone; an append planned on it is not written as planned', async () => {
      const person = `p-${randomUUID()}`;
      await store.append([registration(person)]);
      const lock = await holdAppendLock();
      const { appended } = await startWriting(person);
      const shown = await context(person, []);
      expect(shown.heads.get(person)!.version).toBe(3);
      // Planned on the provisional head (version 3): queued behind the write in flight.
      const next = store.append([newEvent(person, 'arrest.recorded', { expectedVersion: 3 })], { expectedHeads: shown.heads });

      await lock.killWriter();
      await expect(appended).rejects.toThrow();
      await shown.provisional;
      await lock.release();
      await expect(next).rejects.toBeInstanceOf(WrongExpectedVersionError);
      expect((await context(person, [])).heads.get(person)!.version).toBe(1);
      expect((await store.readStream(person)).map((e) => e.type)).toEqual(['person.registered']);
      expect(await verifyChains(store)).toMatchObject({ intact: true, missingPositions: [] });
    });
  });

  it('a process killed in the middle of a batch append leaves nothing of the batch', async () => {
    const script = path.resolve(__dirname, '../../../../test/support/append-then-hang.js');
    const compiled = path.resolve(__dirname, '../../../../dist/libs/event-store/src/index.js');
    if (!fs.existsSync(compiled)) throw new Error('dist/ is missing: run `npm run build` (npm test does it first)');
    const person = `p-killed-${randomUUID()}`;
    await store.append([registration(person)]);
    const child = spawn(process.execPath, [script, db.url, person, '500'], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('rows-written') && resolve());
      child.on('exit', (code) => reject(new Error(`child exited early with ${code}`)));
    });
    // The rows are written inside the open transaction; kill the process before it commits.
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('exit', resolve));
    // PostgreSQL notices the dropped connection and rolls back; give it a moment.
    for (let i = 0; i < 50 && (await activeBackends(db)) > 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect((await store.readStream(person)).length).toBe(1);
    const next = await store.append([newEvent(person)]);
    expect(next[0].version).toBe(2);
    expect((await verifyChains(store)).intact).toBe(true);
  });
});

/** A store on a pool of its own whose connections note every statement sent (they still go to PostgreSQL). */
function watchedStore(url: string): { watched: PostgresEventStore; statements: string[]; watchedPool: Pool } {
  const statements: string[] = [];
  const watchedPool = new Pool({ connectionString: url, max: 1 });
  // As every other pool here (LedgerDatabase, createTestDatabase): an idle connection PostgreSQL
  // ends (another test terminating backends) is dropped, not an unhandled 'error' that fails the run.
  watchedPool.on('error', () => undefined);
  watchedPool.on('connect', (client) => {
    client.on('error', () => undefined);
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: any[]) => unknown }).query = (...args: any[]) => {
      statements.push(typeof args[0] === 'string' ? args[0] : args[0].text);
      return query(...args);
    };
  });
  return { watched: new PostgresEventStore(watchedPool), statements, watchedPool };
}

async function activeBackends(db: TestDatabase): Promise<number> {
  const { rows } = await db.pool.query(
    `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'append-then-hang'`,
  );
  return rows[0].n;
}
