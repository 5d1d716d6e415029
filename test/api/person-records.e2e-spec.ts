import { randomUUID } from 'node:crypto';
import { EVENT_STORE, ForgetPersonCommand } from '../../libs/application/src';
import type { EventStore } from '../../libs/event-store/src';
import { ProjectionRunner, RESOLVED_EVENTS, ResolvedEventsReader } from '../../libs/projections/src';
import { CommandBus } from '@nestjs/cqrs';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * A person's record over HTTP: the timeline as known at any instant, the access log of every read,
 * and erasure of personal data without breaking the history or its proofs.
 */
describe('person records', () => {
  let t: TestApp;
  let recorder: string;
  let lead: string;
  let auditor: string;
  beforeAll(async () => {
    t = await startTestApp();
    recorder = await t.token('recorder', 'dorset');
    lead = await t.token('iom-lead', 'dorset');
    auditor = await t.token('auditor');
  });
  afterAll(async () => t.close());

  const post = (body: unknown) => t.http().post('/api/events').set('Authorization', `Bearer ${recorder}`).send(body as object);
  const read = (path: string, token = lead) => t.http().get(path).set('Authorization', `Bearer ${token}`).set('X-Purpose', 'IOM case review');

  function history(person: string) {
    const registered = {
      eventId: randomUUID(), type: 'person.registered', personId: person, area: 'dorset', occurredAt: '2020-01-10', recordedAt: '2020-01-10T09:00:00Z',
      data: { identifiers: [{ type: 'pnc', value: '2020/0000001Z' }], dateOfBirth: '1990-06-01', gender: 'female', name: 'Alice Testperson' },
    };
    const arrest = {
      eventId: randomUUID(), type: 'arrest.recorded', personId: person, area: 'dorset', occurredAt: '2024-03-01T10:00:00Z', recordedAt: '2024-03-01T12:00:00Z',
      source: { system: 'pnc', reference: 'A-1' },
      data: { arrestId: 'A-1', offences: [{ offenceId: 'o-1', offenceDate: '2024-02-28', category: 'theft' }] },
    };
    // A conviction learned late (recorded in May for an April court date), later corrected and an arrest retracted.
    const conviction = {
      eventId: randomUUID(), type: 'conviction.recorded', personId: person, area: 'dorset', occurredAt: '2024-04-02', recordedAt: '2024-05-20T08:00:00Z',
      data: { convictionId: 'C-1', offences: [{ offenceId: 'o-1', offenceDate: '2024-02-28', category: 'theft' }] },
    };
    const correction = {
      eventId: randomUUID(), type: 'record.corrected', personId: person, area: 'dorset', occurredAt: '2024-06-01', recordedAt: '2024-06-01T10:00:00Z',
      data: { targetEventId: conviction.eventId, reason: 'court date keyed wrongly', occurredAt: '2024-04-09', data: conviction.data },
    };
    const secondArrest = {
      eventId: randomUUID(), type: 'arrest.recorded', personId: person, area: 'dorset', occurredAt: '2024-04-05', recordedAt: '2024-04-05T12:00:00Z',
      data: { arrestId: 'A-2', offences: [{ offenceId: 'o-2', offenceDate: '2024-04-04', category: 'criminal-damage' }] },
    };
    const retraction = {
      eventId: randomUUID(), type: 'record.retracted', personId: person, area: 'dorset', occurredAt: '2024-07-01', recordedAt: '2024-07-01T10:00:00Z',
      data: { targetEventId: secondArrest.eventId, reason: 'recorded against the wrong person' },
    };
    return { registered, arrest, conviction, correction, secondArrest, retraction };
  }

  it('orders the timeline by valid time and answers "as known at" before and after a late record, a correction and a retraction', async () => {
    const person = `P-${randomUUID()}`;
    const h = history(person);
    await post([h.registered, h.arrest, h.secondArrest, h.conviction, h.correction, h.retraction]).expect(201);

    const timeline = async (asOf?: string) =>
      (await read(`/api/persons/${person}/timeline${asOf ? `?asOf=${encodeURIComponent(asOf)}` : ''}`).expect(200)).body;

    const now = await timeline();
    expect(now.entries.map((e: any) => e.eventId)).toEqual([h.registered.eventId, h.arrest.eventId, h.secondArrest.eventId, h.conviction.eventId]);
    const conviction = now.entries[3];
    expect(conviction).toMatchObject({ corrected: true, occurredAt: '2024-04-09', original: { occurredAt: '2024-04-02' } });
    expect(conviction.corrections).toEqual([expect.objectContaining({ eventId: h.correction.eventId, reason: 'court date keyed wrongly' })]);
    expect(now.entries[2]).toMatchObject({ retracted: true, retraction: { reason: 'recorded against the wrong person' } });

    // 1 May 2024: the conviction was not yet known (recorded 20 May).
    expect((await timeline('2024-05-01T00:00:00Z')).entries.map((e: any) => e.eventId)).toEqual([h.registered.eventId, h.arrest.eventId, h.secondArrest.eventId]);
    // 25 May: known, with its first (wrong) date and no correction yet; the arrest not yet retracted.
    const may = await timeline('2024-05-25T00:00:00Z');
    // Its first date (2 April) puts it before the 5 April arrest.
    expect(may.entries.map((e: any) => e.eventId)).toEqual([h.registered.eventId, h.arrest.eventId, h.conviction.eventId, h.secondArrest.eventId]);
    expect(may.entries[2]).toMatchObject({ occurredAt: '2024-04-02' });
    expect(may.entries[2].corrected).toBeUndefined();
    expect(may.entries[3].retracted).toBeUndefined();
    // 15 June: corrected, but the retraction (1 July) not yet recorded.
    const june = await timeline('2024-06-15T00:00:00Z');
    expect(june.entries[3]).toMatchObject({ corrected: true, occurredAt: '2024-04-09' });
    expect(june.entries[2].retracted).toBeUndefined();
    // A bare date means by the end of that London day: the retraction recorded 1 July 10:00 UTC
    // is known "as at 2024-07-01", not as at 09:00 UTC that day.
    expect((await timeline('2024-07-01')).entries[2].retracted).toBe(true);
    expect((await timeline('2024-07-01T09:00:00Z')).entries[2].retracted).toBeUndefined();
    // Before the person was known at all: 404.
    await read(`/api/persons/${person}/timeline?asOf=2019-01-01T00:00:00Z`).expect(404);
  });

  it('keeps recordedAt to the microsecond: "as known at" an instant in the same millisecond, before it, does not count it', async () => {
    const person = `P-${randomUUID()}`;
    const cohortId = `microseconds-${randomUUID()}`;
    const h = history(person);
    const adopted = {
      eventId: randomUUID(), type: 'iom.adopted', personId: person, area: 'dorset', occurredAt: '2024-01-01', recordedAt: '2024-01-01T09:00:00Z',
      data: { cohortId, cohortType: 'fixed', reason: 'persistent theft' },
    };
    // Recorded half a millisecond after 13:00:00 BST, written with its offset.
    const arrest = { ...h.arrest, occurredAt: '2024-03-01', recordedAt: '2024-03-01T13:00:00.0005+01:00' };
    await post([h.registered, adopted, arrest]).expect(201);

    const asOf = async (instant: string) => {
      const query = `asOf=${encodeURIComponent(instant)}`;
      const timeline = (await read(`/api/persons/${person}/timeline?${query}`).expect(200)).body;
      const progress = (await read(`/api/iom/cohorts/${cohortId}/progress?at=2024-06-01&${query}`).expect(200)).body;
      return { inTimeline: timeline.entries.some((entry: any) => entry.eventId === arrest.eventId), arrestsAfter: progress.cohort.arrests.post };
    };
    const now = (await read(`/api/persons/${person}/timeline`).expect(200)).body;
    expect(now.entries.find((entry: any) => entry.eventId === arrest.eventId).recordedAt).toBe('2024-03-01T12:00:00.000500Z');
    expect(await asOf('2024-03-01T12:00:00Z')).toEqual({ inTimeline: false, arrestsAfter: 0 });
    expect(await asOf('2024-03-01T12:00:00.000499Z')).toEqual({ inTimeline: false, arrestsAfter: 0 });
    expect(await asOf('2024-03-01T12:00:00.0005Z')).toEqual({ inTimeline: true, arrestsAfter: 1 });
    expect(await asOf('2024-03-01T13:00:00.000500+01:00')).toEqual({ inTimeline: true, arrestsAfter: 1 });
  });

  it('refuses a person read without a stated purpose and logs every read with who, when and why', async () => {
    const person = `P-${randomUUID()}`;
    await post(history(person).registered).expect(201);
    await t.http().get(`/api/persons/${person}`).set('Authorization', `Bearer ${lead}`).expect(400);
    await read(`/api/persons/${person}`).expect(200);
    await read(`/api/persons/${person}/timeline`).expect(200);
    await read(`/api/persons/${person}`, await t.token('iom-lead', 'warwickshire')).expect(403);
    await read(`/api/persons/P-nobody-${randomUUID()}`).expect(404);

    const log = await t.http().get(`/api/audit/access?personId=${person}`).set('Authorization', `Bearer ${auditor}`).expect(200);
    expect(log.body.entries).toHaveLength(2);
    expect(log.body.entries[0]).toMatchObject({ subject: 'test-iom-lead', role: 'iom-lead', personId: person, purpose: 'IOM case review' });
    await t.http().get(`/api/audit/access?personId=${person}`).set('Authorization', `Bearer ${lead}`).expect(403);
    const verify = await t.http().get('/api/audit/verify').set('Authorization', `Bearer ${auditor}`).expect(200);
    expect(verify.body).toMatchObject({ intact: true, accessLog: { intact: true } });
  });

  it('reads a record whose id is long (ids have no length limit)', async () => {
    const person = `P-${'x'.repeat(300)}-${randomUUID()}`;
    await post(history(person).registered).expect(201);
    expect((await read(`/api/persons/${person}`).expect(200)).body.personId).toBe(person);
    expect((await read(`/api/persons/${person}/timeline`).expect(200)).body.entries).toHaveLength(1);
  });

  it("a read's access check and its answer look the person up once between them (one question, one lookup)", async () => {
    const person = `P-${randomUUID()}`;
    await post(history(person).registered).expect(201);
    // Caught up first, so each lookup stands at once (a lagging read model is caught up and asked again).
    await t.app.get(ProjectionRunner).catchUp(RESOLVED_EVENTS);
    const lookups = jest.spyOn(t.app.get(ResolvedEventsReader), 'personWithCheckpoint');
    try {
      for (const path of [`/api/persons/${person}`, `/api/persons/${person}/timeline`]) {
        lookups.mockClear();
        await read(path).expect(200);
        expect(lookups.mock.calls).toEqual([[person]]);
      }
      // Two reads are two questions: the second sees what was recorded after the first was asked.
      lookups.mockClear();
      await read(`/api/persons/${person}`).expect(200);
      await read(`/api/persons/${person}`).expect(200);
      expect(lookups).toHaveBeenCalledTimes(2);
    } finally {
      lookups.mockRestore();
    }
  });

  it('stores personal data encrypted and, after erasure, shows [erased] while the chain verifies and the figures stand', async () => {
    const person = `P-${randomUUID()}`;
    const h = history(person);
    // A community order in 2024 makes the person an offender of the reoffending cohort.
    const sentence = {
      eventId: randomUUID(), type: 'sentence.imposed', personId: person, area: 'dorset', occurredAt: '2024-01-15', recordedAt: '2024-01-15T12:00:00Z',
      data: { sentenceId: 'S-1', sentenceType: 'community-order' },
    };
    await post([h.registered, sentence, h.arrest, h.conviction]).expect(201);

    const raw = await t.db.pool.query('SELECT data::text AS data FROM ledger_events WHERE person_id = $1', [person]);
    expect(raw.rows.map((row) => row.data).join('\n')).not.toContain('Alice Testperson');
    expect((await read(`/api/persons/${person}`).expect(200)).body).toMatchObject({ name: 'Alice Testperson', dateOfBirth: '1990-06-01' });

    const reoffending = async () =>
      (await t.http().get('/api/reoffending?from=2024-01-01&to=2025-01-01&by=age&area=dorset').set('Authorization', `Bearer ${auditor}`).expect(200)).body;
    const before = await reoffending();
    expect(before.breakdown.map((group: any) => group.group)).toContain('30-34'); // born 1 June 1990, index 15 Jan 2024: 33

    await t.app.get(CommandBus).execute(new ForgetPersonCommand(person, 'right to erasure request 42', 'test-admin'));

    const after = (await read(`/api/persons/${person}`).expect(200)).body;
    expect(after).toMatchObject({ name: '[erased]', dateOfBirth: '[erased]', gender: 'female' });
    const timeline = (await read(`/api/persons/${person}/timeline`).expect(200)).body;
    expect(timeline.entries[0].data.name).toBe('[erased]');
    const keys = await t.db.pool.query('SELECT wrapped_key FROM ledger_person_keys WHERE person_id = $1', [person]);
    expect(keys.rows[0].wrapped_key).toBeNull();

    const verify = await t.http().get('/api/audit/verify').set('Authorization', `Bearer ${auditor}`).expect(200);
    expect(verify.body.intact).toBe(true);
    const afterFigures = await reoffending();
    const { breakdown: b1, ...totalsBefore } = before;
    const { breakdown: b2, ...totalsAfter } = afterFigures;
    expect(totalsAfter).toEqual(totalsBefore);
    expect(b2.map((group: any) => group.group)).toContain('unknown');
  });
  it('an erasure while the read model is being rebuilt is not undone when the rebuilt one is swapped in', async () => {
    const person = `P-${randomUUID()}`;
    const h = history(person);
    await post([h.registered, h.arrest]).expect(201);
    const { rows } = await t.db.pool.query('SELECT max(position)::int AS position FROM ledger_events WHERE person_id = $1', [person]);
    const written = rows[0].position as number;

    // The rebuild is held just after it has read (and decrypted) the batch holding the person's
    // events, and before it reads on: the erasure lands while their name is in that batch.
    const store = t.app.get<EventStore>(EVENT_STORE);
    const readAll = store.readAll.bind(store);
    let reached!: () => void;
    let resume!: () => void;
    const held = new Promise<void>((resolve) => (reached = resolve));
    const resumed = new Promise<void>((resolve) => (resume = resolve));
    // Only the rebuild's reads (batches of 5) are held, not the live runner's polls.
    store.readAll = async (after, limit) => {
      if (limit === 5 && after >= written) {
        reached();
        await resumed;
      }
      return readAll(after, limit);
    };
    try {
      const rebuilt = t.app.get(ProjectionRunner).rebuildAll(undefined, undefined, 5);
      await held;
      await t.app.get(CommandBus).execute(new ForgetPersonCommand(person, 'right to erasure request 44', 'test-admin'));
      resume();
      await rebuilt;
    } finally {
      store.readAll = readAll;
    }

    expect((await read(`/api/persons/${person}`).expect(200)).body).toMatchObject({ name: '[erased]', dateOfBirth: '[erased]' });
    const kept = await t.db.pool.query('SELECT data::text AS data FROM proj_resolved.events WHERE original_person_id = $1', [person]);
    expect(kept.rows).toHaveLength(2);
    expect(kept.rows.map((row) => row.data).join('\n')).not.toContain('Alice Testperson');
  });

  it('keeps a timeline ready between reads, and never past an append, a correction, a merge or an erasure', async () => {
    const person = `P-${randomUUID()}`;
    const duplicate = `P-${randomUUID()}`;
    const h = history(person);
    await post([h.registered, h.arrest]).expect(201);
    const timeline = async (id = person) => {
      const response = await read(`/api/persons/${id}/timeline`).expect(200).expect('Content-Type', /application\/json/);
      return { cache: response.headers['x-cache'], body: response.body, entries: response.body.entries.map((e: any) => e.eventId) };
    };

    const first = await timeline();
    expect(first).toMatchObject({ cache: 'MISS', entries: [h.registered.eventId, h.arrest.eventId] });
    const again = await timeline();
    expect(again.cache).toBe('HIT');
    expect(again.body).toEqual(first.body);

    // A late record lands in the middle of the chronology: the kept copy is not sent again.
    await post([h.conviction]).expect(201);
    expect(await timeline()).toMatchObject({ cache: 'MISS', entries: [h.registered.eventId, h.arrest.eventId, h.conviction.eventId] });
    await post([h.correction]).expect(201);
    const corrected = await timeline();
    expect(corrected.cache).toBe('MISS');
    expect(corrected.body.entries[2]).toMatchObject({ corrected: true, occurredAt: '2024-04-09' });
    expect((await timeline()).cache).toBe('HIT');

    // A duplicate record merged into the person: its events join the person's chronology, and reading the duplicate answers for the person.
    const duplicateArrest = {
      eventId: randomUUID(), type: 'arrest.recorded', personId: duplicate, area: 'dorset', occurredAt: '2024-08-01T10:00:00Z', recordedAt: '2024-08-01T12:00:00Z',
      data: { arrestId: 'A-9', offences: [{ offenceId: 'o-9', offenceDate: '2024-08-01', category: 'theft' }] },
    };
    await post([{ ...h.registered, eventId: randomUUID(), personId: duplicate }, duplicateArrest]).expect(201);
    expect((await timeline(duplicate)).body.countsAs).toBe(duplicate);
    expect((await timeline()).cache).toBe('HIT');
    await post([{ eventId: randomUUID(), type: 'person.merged', personId: duplicate, area: 'dorset', occurredAt: '2024-09-01', recordedAt: '2024-09-01T09:00:00Z', data: { intoPersonId: person } }]).expect(201);
    const merged = await timeline();
    expect(merged.cache).toBe('MISS');
    expect(merged.entries).toContain(duplicateArrest.eventId);
    expect((await timeline(duplicate)).body).toMatchObject({ countsAs: person });

    // Erasure appends nothing to the stream; the kept copy still must not show the name again.
    expect((await timeline()).body.entries[0].data.name).toBe('Alice Testperson');
    await t.app.get(CommandBus).execute(new ForgetPersonCommand(person, 'right to erasure request 43', 'test-admin'));
    const erased = await timeline();
    expect(erased.cache).toBe('MISS');
    expect(erased.body.entries[0].data.name).toBe('[erased]');
    // The merged duplicate keeps its own key: only the forgotten record's entries are erased.
    expect(JSON.stringify(erased.body.entries.filter((e: any) => e.recordPersonId === person))).not.toContain('Alice Testperson');
  });

  it('sends a kept timeline gzip-compressed to a client that accepts gzip, and as plain JSON to one that does not', async () => {
    const person = `P-${randomUUID()}`;
    const h = history(person);
    await post([h.registered, h.arrest, h.conviction, h.correction]).expect(201);
    const readWith = (encoding: string) => read(`/api/persons/${person}/timeline`).set('Accept-Encoding', encoding).expect(200).expect('Vary', /Accept-Encoding/);

    const first = await readWith('gzip');
    expect(first.headers).toMatchObject({ 'x-cache': 'MISS' });
    expect(first.headers['content-encoding']).toBeUndefined();
    // The compressed copy is made in the background after the first read; a few reads later it is there.
    let compressed = await readWith('gzip');
    for (let call = 0; call < 50 && compressed.headers['content-encoding'] !== 'gzip'; call++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      compressed = await readWith('gzip, deflate, br');
    }
    expect(compressed.headers).toMatchObject({ 'x-cache': 'HIT', 'content-encoding': 'gzip' });
    expect(Number(compressed.headers['content-length'])).toBeLessThan(Buffer.byteLength(JSON.stringify(first.body)));
    expect(compressed.body).toEqual(first.body);

    for (const encoding of ['identity', 'gzip;q=0', 'br']) {
      const plain = await readWith(encoding);
      expect(plain.headers).toMatchObject({ 'x-cache': 'HIT', 'content-length': String(Buffer.byteLength(JSON.stringify(first.body))) });
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.body).toEqual(first.body);
    }
  });

  it('builds every timeline afresh with the cache turned off, to the same answer', async () => {
    const uncached = await startTestApp({ timelineCacheMb: 0 });
    try {
      const person = `P-${randomUUID()}`;
      const h = history(person);
      const token = await uncached.token('recorder', 'dorset');
      await uncached.http().post('/api/events').set('Authorization', `Bearer ${token}`).send([h.registered, h.arrest, h.conviction, h.correction]).expect(201);
      const reader = await uncached.token('auditor');
      const reads = [];
      for (let call = 0; call < 2; call++) reads.push(await uncached.http().get(`/api/persons/${person}/timeline`).set('Authorization', `Bearer ${reader}`).set('X-Purpose', 'check').expect(200));
      expect(reads.map((response) => response.headers['x-cache'])).toEqual(['MISS', 'MISS']);
      expect(reads[1].body).toEqual(reads[0].body);
      expect(reads[0].body.entries.map((e: any) => e.eventId)).toEqual([h.registered.eventId, h.arrest.eventId, h.conviction.eventId]);
    } finally {
      await uncached.close();
    }
  });
});
