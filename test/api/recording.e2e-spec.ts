import { randomUUID } from 'node:crypto';
import { EVENT_CATALOGUE, EVENT_TYPES } from '../../libs/domain/src/catalogue';
import { normaliseNewEvent } from '../../libs/domain/src/validation/validate-event';
import { startTestApp, TestApp } from '../support/test-app';

/** Recording over HTTP as contract.md specifies: all or nothing, idempotent, errors naming fields. */
describe('POST /api/events and reading back', () => {
  let t: TestApp;
  let recorder: string;
  let auditor: string;
  beforeAll(async () => {
    t = await startTestApp();
    // The catalogue's examples are all of hampshire-iow.
    recorder = await t.token('recorder', 'hampshire-iow');
    auditor = await t.token('auditor');
  });
  afterAll(async () => t.close());

  const post = (body: unknown, token = recorder) => t.http().post('/api/events').set('Authorization', `Bearer ${token}`).send(body as object);
  const count = async () => Number((await t.db.pool.query('SELECT count(*) FROM ledger_events')).rows[0].count);

  it('accepts a valid example of every event type and reads each back identically in the log', async () => {
    const examples = EVENT_TYPES.map((type) => EVENT_CATALOGUE[type].example);
    const response = await post(examples).expect(201);
    expect(response.body.appended).toHaveLength(examples.length);
    const log = await t.http().get('/api/events?after=0&limit=1000').set('Authorization', `Bearer ${auditor}`).expect(200);
    const byId = new Map(log.body.events.map((event: any) => [event.eventId, event]));
    for (const example of examples.map(normaliseNewEvent)) {
      const stored: any = byId.get(example.eventId);
      // The log shows what is stored: personal fields as ciphertext, everything else as sent.
      const personal = EVENT_CATALOGUE[example.type as keyof typeof EVENT_CATALOGUE].personalDataPaths;
      for (const path of personal) expect(stored.data[path]).toEqual({ $enc: expect.stringMatching(/^v1\./) });
      const withoutPersonal = (data: Record<string, unknown>) => Object.fromEntries(Object.entries(data).filter(([key]) => !personal.includes(key)));
      expect({ type: stored.type, personId: stored.personId, data: withoutPersonal(stored.data), area: stored.area, occurredAt: stored.occurredAt }).toEqual({
        // Instants are kept in one spelling (UTC with milliseconds); plain dates as given.
        occurredAt: example.occurredAt,
        type: example.type,
        personId: example.personId,
        data: withoutPersonal(example.data),
        area: example.area,
      });
    }
    // Read through the person's timeline, personal data comes back as written.
    const lead = await t.token('iom-lead', 'hampshire-iow');
    const timeline = await t.http().get(`/api/persons/${examples[0].personId}/timeline`).set('Authorization', `Bearer ${lead}`).set('X-Purpose', 'test').expect(200);
    const registered = timeline.body.entries.find((entry: any) => entry.type === 'person.registered');
    expect(registered.data).toEqual(examples[0].data);
    // The same request again changes nothing and says so with 200.
    const again = await post(examples).expect(200);
    expect(again.body.appended.map((a: any) => a.position)).toEqual(response.body.appended.map((a: any) => a.position));
  });

  it('rejects a batch with any invalid event, listing every problem with its index and path, and stores nothing', async () => {
    const before = await count();
    const person = `P-${randomUUID()}`;
    const good = { ...EVENT_CATALOGUE['person.registered'].example, eventId: randomUUID(), personId: person };
    const badArrest = { ...EVENT_CATALOGUE['arrest.recorded'].example, eventId: randomUUID(), personId: person, data: { arrestId: 'A1', offences: [{ offenceId: 'o1', category: 'shoplifting' }] } };
    const response = await post([good, badArrest]).expect(400);
    expect(response.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ index: 1, path: 'data.offences[0].offenceDate' }),
        expect.objectContaining({ index: 1, path: 'data.offences[0].category' }),
      ]),
    );
    expect(response.body.errors.every((error: any) => error.index === 1)).toBe(true);
    expect(await count()).toBe(before);
  });

  it('enforces domain rules: first event is a registration; corrections stay in the stream; RJ needs offender and victim', async () => {
    const before = await count();
    const stranger = `P-${randomUUID()}`;
    const arrest = { ...EVENT_CATALOGUE['arrest.recorded'].example, eventId: randomUUID(), personId: stranger };
    const first = await post(arrest).expect(400);
    expect(first.body.errors[0].message).toMatch(/person\.registered/);

    const rj = { ...EVENT_CATALOGUE['rj.conference.held'].example, eventId: randomUUID(), data: { rjCaseId: 'RJ-1', participants: [{ role: 'offender' }, { role: 'facilitator' }] } };
    const rjResponse = await post(rj).expect(400);
    expect(rjResponse.body.errors[0].path).toBe('data.participants');

    const other = `P-${randomUUID()}`;
    await post({ ...EVENT_CATALOGUE['person.registered'].example, eventId: randomUUID(), personId: other }).expect(201);
    const foreignCorrection = {
      ...EVENT_CATALOGUE['record.corrected'].example,
      eventId: randomUUID(),
      personId: other,
    };
    const correction = await post(foreignCorrection).expect(400);
    expect(correction.body.errors[0].path).toMatch(/targetEventId/);
    expect(await count()).toBe(before + 1);
  });

  it('answers 409 on a stale expected version and on an id reused with different content', async () => {
    const person = `P-${randomUUID()}`;
    const registration = { ...EVENT_CATALOGUE['person.registered'].example, eventId: randomUUID(), personId: person, expectedVersion: 0 };
    await post(registration).expect(201);
    const stale = { ...EVENT_CATALOGUE['arrest.recorded'].example, eventId: randomUUID(), personId: person, expectedVersion: 0 };
    const response = await post(stale).expect(409);
    expect(response.body.errors[0].path).toBe('expectedVersion');
    const reused = { ...registration, expectedVersion: undefined, data: { ...registration.data, gender: 'female' } };
    expect((await post(reused).expect(409)).body.errors[0].path).toBe('eventId');
  });

  it('refuses a recordedAt in the future and a body over the size limit', async () => {
    const person = `P-${randomUUID()}`;
    const future = new Date(Date.now() + 86_400_000).toISOString();
    const response = await post({ ...EVENT_CATALOGUE['person.registered'].example, eventId: randomUUID(), personId: person, recordedAt: future }).expect(400);
    expect(response.body.errors[0].path).toBe('recordedAt');
    const huge = Array.from({ length: 30_000 }, () => ({ ...EVENT_CATALOGUE['person.registered'].example, eventId: randomUUID(), personId: person }));
    await post(huge).expect(413);
  });

  it('needs a token (401) and the right role and area (403)', async () => {
    const event = { ...EVENT_CATALOGUE['person.registered'].example, eventId: randomUUID(), personId: `P-${randomUUID()}`, area: 'dorset' };
    await t.http().post('/api/events').send(event).expect(401);
    await post(event, await t.token('iom-lead', 'dorset')).expect(403);
    await post(event, await t.token('recorder', 'warwickshire')).expect(403);
    await post(event, await t.token('recorder', 'dorset')).expect(201);
  });
});
