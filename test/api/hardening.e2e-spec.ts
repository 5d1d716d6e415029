import * as fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { EVENT_CATALOGUE, EVENT_TYPES } from '../../libs/domain/src/catalogue';
import { validateNewEvent } from '../../libs/domain/src/validation/validate-event';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Property-based hardening: generated invalid input for every event type and every query
 * parameter always gets a 4xx (never a 500), stores nothing, and the server keeps serving.
 */
describe('hardening against invalid input', () => {
  let t: TestApp;
  let recorder: string;
  let auditor: string;
  beforeAll(async () => {
    t = await startTestApp();
    recorder = await t.token('recorder', 'hampshire-iow');
    auditor = await t.token('auditor');
    // A registered person, so mutated events about them reach the domain rules too.
    await t.http().post('/api/events').set('Authorization', `Bearer ${recorder}`).send(EVENT_CATALOGUE['person.registered'].example).expect(201);
  });
  afterAll(async () => t.close());

  const count = async () => Number((await t.db.pool.query('SELECT count(*) FROM ledger_events')).rows[0].count);

  /** An example of some type with one field (envelope or data) replaced, removed or added. */
  const mutatedEvent = fc
    .record({
      type: fc.constantFrom(...EVENT_TYPES),
      where: fc.constantFrom('envelope', 'data'),
      pick: fc.nat(),
      action: fc.constantFrom('replace', 'remove', 'add'),
      value: fc.anything({ maxDepth: 3 }),
      key: fc.string({ minLength: 1, maxLength: 12 }),
    })
    .map(({ type, where, pick, action, value, key }) => {
      const event: any = structuredClone(EVENT_CATALOGUE[type].example);
      event.eventId = randomUUID();
      const target = where === 'data' ? event.data : event;
      const keys = Object.keys(target);
      const chosen = keys[pick % keys.length];
      if (action === 'replace') target[chosen] = value;
      else if (action === 'remove') delete target[chosen];
      else target[`x-${key}`] = value;
      return event;
    })
    // What the server receives is the JSON text (undefined members vanish), so judge that.
    .map((event) => JSON.parse(JSON.stringify(event)))
    .filter((event) => validateNewEvent(event).length > 0);

  it('answers 400 (403 for another area; never 500) to mutated events of every type, and stores nothing', async () => {
    const before = await count();
    await fc.assert(
      fc.asyncProperty(fc.oneof(mutatedEvent, fc.array(mutatedEvent, { minLength: 1, maxLength: 3 }), fc.anything({ maxDepth: 4 })), async (body) => {
        const response = await t.http().post('/api/events').set('Authorization', `Bearer ${recorder}`).set('Content-Type', 'application/json').send(JSON.stringify(body));
        // 403 only where the batch names another area than the recorder's (authorisation comes first).
        const events = Array.isArray(body) ? body : [body];
        const otherArea = events.some((event: any) => typeof event?.area === 'string' && event.area !== '' && event.area !== 'hampshire-iow');
        expect(otherArea ? [400, 403] : [400]).toContain(response.status);
        expect(JSON.stringify(response.body)).not.toMatch(/stack|SELECT|INSERT|at \//);
      }),
      { numRuns: 250 },
    );
    expect(await count()).toBe(before);
    await t.http().get('/health').expect(200);
  });

  it('answers 400 or 404 (never 500) to generated query parameters on every report and read', async () => {
    const routes = ['/api/mappa/snapshot', '/api/mappa/period', '/api/mappa/reviews', '/api/iom/cohorts', '/api/iom/cohorts/x/progress', '/api/reoffending', '/api/events', '/api/persons/P-000123/timeline', '/api/persons/P-000123', '/api/audit/access'];
    const names = ['at', 'from', 'to', 'asOf', 'area', 'by', 'overdue', 'after', 'limit', 'personId', 'purpose', 'zzz'];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), fc.dictionary(fc.constantFrom(...names), fc.oneof(fc.string(), fc.integer().map(String), fc.date({ noInvalidDate: true }).map((d) => d.toISOString()))), async (route, params) => {
        const response = await t.http().get(route).query(params).set('Authorization', `Bearer ${auditor}`).set('X-Purpose', 'fuzz');
        expect(response.status).toBeLessThan(500);
      }),
      { numRuns: 300 },
    );
    await t.http().get('/health').expect(200);
  });

  it('refuses dates that are not on the calendar, naming the parameter', async () => {
    const response = await t.http().get('/api/mappa/snapshot?at=2023-02-30').set('Authorization', `Bearer ${auditor}`).expect(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ path: 'at', message: 'at must be a calendar date YYYY-MM-DD' })]);
    await t.http().get('/api/reoffending?from=2024-01-01&to=2024-13-01').set('Authorization', `Bearer ${auditor}`).expect(400);
    await t.http().get('/api/mappa/snapshot?at=2024-02-29').set('Authorization', `Bearer ${auditor}`).expect(200);
  });

  it('refuses an "as known at" it cannot read exactly, naming asOf, and answers the forms it can', async () => {
    // Each of these passes a plain ISO-8601 check, yet JavaScript reads none of them (or reads a zone-less time in the server's zone).
    for (const asOf of ['-10430301', '20240301', '2024-W10', '2024-060', '20240301T100000Z', '2024-03-01T10:00:00', '2024-02-30']) {
      for (const route of ['/api/mappa/snapshot', '/api/persons/P-000123/timeline']) {
        const response = await t.http().get(route).query({ asOf }).set('Authorization', `Bearer ${auditor}`).set('X-Purpose', 'check').expect(400);
        expect(response.body.errors).toEqual([expect.objectContaining({ path: 'asOf', message: expect.stringContaining('asOf must be an ISO-8601 instant') })]);
      }
    }
    for (const asOf of ['2024-03-01', '2024-03-01T10:00:00Z', '2024-03-01T10:00:00.123+01:00', '2024-03-01T10:00Z']) {
      await t.http().get('/api/mappa/snapshot').query({ asOf }).set('Authorization', `Bearer ${auditor}`).expect(200);
    }
  });

  it('refuses JSON nested deeper than any event needs', async () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 200; i++) deep = { a: deep };
    const response = await t.http().post('/api/events').set('Authorization', `Bearer ${recorder}`).send({ ...EVENT_CATALOGUE['arrest.recorded'].example, eventId: randomUUID(), data: deep });
    expect(response.status).toBe(400);
  });

  it('answers a body that is not JSON with a clear 400 (415 for a media type it does not read), and stores nothing', async () => {
    const headBefore = (await t.http().get('/health').expect(200)).body.headPosition;
    const post = (body: string, contentType = 'application/json') =>
      t.http().post('/api/events').set('Authorization', `Bearer ${recorder}`).set('Content-Type', contentType).send(body);
    for (const body of ['{"eventId":', '[{"type": "arrest.recorded",}]', '{"__proto__": {"admin": true}}']) {
      const response = await post(body).expect(400);
      expect(response.body.errors).toEqual([{ index: 0, path: '', message: 'the body is not valid JSON' }]);
      expect(response.headers['x-content-type-options']).toBe('nosniff');
    }
    expect((await post('').expect(400)).body.errors).toEqual([{ index: 0, path: '', message: 'the body is empty' }]);
    expect((await post(JSON.stringify(EVENT_CATALOGUE['arrest.recorded'].example), 'application/xml').expect(415)).body.message).toBe('Unsupported Media Type');
    expect((await post(JSON.stringify(EVENT_CATALOGUE['arrest.recorded'].example), 'text/plain').expect(400)).body.errors[0].message).toMatch(/JSON object/);
    expect((await t.http().get('/health').expect(200)).body.headPosition).toBe(headBefore);
  });

  it('finds a route with or without a trailing slash, and answers an unknown one 404 in JSON', async () => {
    const snapshot = (await t.http().get('/api/mappa/snapshot?at=2024-01-01').set('Authorization', `Bearer ${auditor}`).expect(200)).body;
    expect((await t.http().get('/api/mappa/snapshot/?at=2024-01-01').set('Authorization', `Bearer ${auditor}`).expect(200)).body).toEqual(snapshot);
    const missing = await t.http().get('/api/no-such-report').set('Authorization', `Bearer ${auditor}`).expect(404).expect('Content-Type', /application\/json/);
    expect(missing.body).toEqual({ statusCode: 404, message: expect.stringMatching(/GET \/api\/no-such-report/) });
  });

  it('sends security headers and no stack traces', async () => {
    const response = await t.http().get('/api/mappa/snapshot?at=2024-01-01').set('Authorization', `Bearer ${auditor}`).expect(200);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['x-powered-by']).toBeUndefined();
  });
});
