import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { LEDGER_APPLICATION_NAME } from '../../libs/event-store/src';
import { READ_SIDE_MIGRATIONS } from '../../libs/application/src/runtime/migrations';
import { ProjectionRunner, ReadModelAheadOfLogError } from '../../libs/projections/src';
import { startTestApp, TestApp } from '../support/test-app';
import { createTestDatabase, TestDatabase } from '../support/test-database';

/**
 * EVENTSTORE_URL=postgres://…: the events in a PostgreSQL of their own, the read models, the access
 * log and the personal-data keys in the ledger's database (DATABASE_URL). A deployment that moves
 * its read models off the events' server relies on each table being where it says, on the
 * answers staying the same, and on a restart or a rebuild finding everything again.
 */
describe('events in a PostgreSQL of their own (EVENTSTORE_URL=postgres://)', () => {
  let events: TestDatabase;
  let reads: TestDatabase;
  let t: TestApp;
  const person = `P-${randomUUID()}`;

  beforeAll(async () => {
    // The app migrates each database itself: the store's tables in one, everything else in the other.
    events = await createTestDatabase([]);
    reads = await createTestDatabase(READ_SIDE_MIGRATIONS);
    t = await startTestApp({ eventStoreUrl: events.url }, { database: reads });
  });
  afterAll(async () => {
    await t?.close();
    await reads?.drop();
    await events?.drop();
  });

  const at = (recordedAt: string) => ({ eventId: randomUUID(), personId: person, area: 'dorset', recordedAt });
  const history = () => [
    {
      ...at('2023-01-05T09:00:00Z'), type: 'person.registered', occurredAt: '2023-01-05',
      data: { identifiers: [{ type: 'pnc', value: '2023/0000001X' }], dateOfBirth: '1985-02-03', gender: 'male', name: 'Bob Splitdatabase' },
    },
    { ...at('2023-02-01T09:00:00Z'), type: 'mappa.registered', occurredAt: '2023-02-01', data: { category: 2, level: 2, leadAgency: 'probation' } },
    {
      ...at('2023-03-01T12:00:00Z'), type: 'arrest.recorded', occurredAt: '2023-03-01T10:00:00Z',
      data: { arrestId: 'A-1', offences: [{ offenceId: 'o-1', offenceDate: '2023-02-27', category: 'violence' }] },
    },
  ];

  async function tables(url: string): Promise<Record<string, number | null>> {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      const counts: Record<string, number | null> = {};
      for (const table of ['ledger_events', 'ledger_projection_checkpoints', 'ledger_person_keys', 'ledger_access_log', 'proj_resolved.events']) {
        const { rows } = await client.query('SELECT to_regclass($1) IS NOT NULL AS present', [table]);
        counts[table] = rows[0].present ? Number((await client.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n) : null;
      }
      return counts;
    } finally {
      await client.end();
    }
  }

  async function answers(app: TestApp) {
    const coordinator = await app.token('mappa-coordinator', 'dorset');
    const auditor = await app.token('auditor');
    const get = (path: string, token: string) => app.http().get(path).set('Authorization', `Bearer ${token}`).set('X-Purpose', 'MAPPA level review');
    const timeline = (await get(`/api/persons/${person}/timeline`, coordinator).expect(200)).body;
    const snapshot = (await get('/api/mappa/snapshot?at=2023-06-30&area=dorset', coordinator).expect(200)).body;
    const verify = (await get('/api/audit/verify', auditor).expect(200)).body;
    return { timeline, snapshot, verify };
  }

  it('keeps the events in their own database and everything else in the ledger database, with the usual answers', async () => {
    const recorder = await t.token('recorder', 'dorset');
    const recorded = history();
    const response = await t.http().post('/api/events').set('Authorization', `Bearer ${recorder}`).send(recorded).expect(201);
    expect(response.body.appended.map((a: { position: number }) => a.position)).toEqual([1, 2, 3]);

    const { timeline, snapshot, verify } = await answers(t);
    expect(timeline.entries.map((e: { eventId: string }) => e.eventId)).toEqual(recorded.map((e) => e.eventId));
    expect(timeline.entries[0].data.name).toBe('Bob Splitdatabase');
    expect(snapshot.table['2']['2']).toBe(1);
    expect(snapshot.totals.all).toBe(1);
    expect(verify).toMatchObject({ intact: true, streams: 1, events: 3 });

    // The events' database holds the log and nothing of the read side; the ledger database has no
    // event table at all, so nothing can read an empty log there by mistake.
    expect(await tables(events.url)).toEqual({
      ledger_events: 3, ledger_projection_checkpoints: null, ledger_person_keys: null, ledger_access_log: null, 'proj_resolved.events': null,
    });
    const readSide = await tables(reads.url);
    expect(readSide.ledger_events).toBeNull();
    expect(readSide['proj_resolved.events']).toBe(3);
    expect(readSide.ledger_person_keys).toBe(1);
    expect(readSide.ledger_access_log).toBeGreaterThanOrEqual(1); // the timeline read above
    expect(readSide.ledger_projection_checkpoints).toBeGreaterThanOrEqual(1);
  });

  it('finds everything again after a restart and a rebuild from the other database, and releases that database on close', async () => {
    const before = await answers(t);
    await t.close();

    t = await startTestApp({ eventStoreUrl: events.url }, { database: reads });
    await t.app.get(ProjectionRunner).rebuildAll();
    const after = await answers(t);
    expect(after.timeline.entries).toEqual(before.timeline.entries);
    expect(after.snapshot).toEqual(before.snapshot);
    expect(after.verify).toMatchObject({ intact: true, streams: 1, events: 3 });

    // Closing the application closes the store's own pool: no connection of the ledger's is left
    // open on the events' database (a pool left behind holds connections the server counts).
    await t.close();
    const eventsDatabase = new URL(events.url).pathname.slice(1);
    const connections = async () =>
      (await reads.pool.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND application_name = $2', [eventsDatabase, LEDGER_APPLICATION_NAME])).rows[0].n;
    // A backend leaves pg_stat_activity a moment after its socket closes.
    for (let tries = 0; tries < 20 && (await connections()) > 0; tries++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await connections()).toBe(0);
    t = await startTestApp({ eventStoreUrl: events.url }, { database: reads }); // for afterAll's close
  });

  it('refuses to serve read models built from other events when EVENTSTORE_URL points at another log, until they are rebuilt from it', async () => {
    await t.close();
    const elsewhere = await createTestDatabase([]);
    try {
      // The API following the log would skip the new log's first three events and answer from the old ones: it does not start.
      const following = await startTestApp({ eventStoreUrl: elsewhere.url }, { database: reads }).then(
        async (started) => (await started.close(), 'started'),
        (error: unknown) => error,
      );
      expect(following).toBeInstanceOf(ReadModelAheadOfLogError);

      // A process that does not follow the log (a command, or the API beside a worker) refuses each read instead.
      t = await startTestApp({ eventStoreUrl: elsewhere.url, projectionsInProcess: false }, { database: reads });
      const coordinator = await t.token('mappa-coordinator', 'dorset');
      const refused = await t.http().get('/api/mappa/snapshot?at=2023-06-30&area=dorset').set('Authorization', `Bearer ${coordinator}`).expect(503);
      expect(refused.body.message).toMatch(/read models do not match the event store.*ledger replay/);

      // `ledger replay` (a rebuild from this log) is the way back: the read models then match the log they follow.
      await t.app.get(ProjectionRunner).rebuildAll();
      const snapshot = (await t.http().get('/api/mappa/snapshot?at=2023-06-30&area=dorset').set('Authorization', `Bearer ${coordinator}`).expect(200)).body;
      expect(snapshot.totals.all).toBe(0);
      await t.close();
    } finally {
      await elsewhere.drop();
    }
    t = await startTestApp({ eventStoreUrl: events.url, projectionsInProcess: false }, { database: reads }); // for afterAll's close
  });
});
