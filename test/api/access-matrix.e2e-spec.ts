import { randomUUID } from 'node:crypto';
import { INTERCEPTORS_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { AccessLogInterceptor } from '../../libs/access/src/nest/access-log.interceptor';
import { REQUIRED_ACTION } from '../../libs/access/src/nest/metadata';
import { isPersonRead } from '../../libs/access/src/roles';
import { loadOrCreateSecret, TokenIssuer } from '../../libs/access/src/tokens';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Role x area x endpoint: who gets 200, 401 or 403. The expectations are written out here by hand
 * (not derived from the policy table), so a change to the policy that nobody meant shows up.
 */
describe('access control matrix', () => {
  let t: TestApp;
  const person = `P-${randomUUID()}`;
  const other = `P-${randomUUID()}`;

  beforeAll(async () => {
    t = await startTestApp();
    const recorder = await t.token('recorder', 'dorset');
    const registration = (personId: string) => ({
      eventId: randomUUID(), type: 'person.registered', personId, area: 'dorset', occurredAt: '2020-01-01',
      data: { identifiers: [{ type: 'crn', value: 'X999999' }], dateOfBirth: '1980-01-01', gender: 'male' },
    });
    const adoption = { eventId: randomUUID(), type: 'iom.adopted', personId: person, area: 'dorset', occurredAt: '2024-01-15', data: { cohortId: 'dorset-2024-q1', cohortType: 'fixed', reason: 'persistent burglary' } };
    await t.http().post('/api/events').set('Authorization', `Bearer ${recorder}`).send([registration(person), registration(other), adoption]).expect(201);
  });
  afterAll(async () => t.close());

  const grant = (personId: string) => ({ grant: { persons: [personId], from: '2020-01-01', to: '2099-12-31' } });
  const callers: Record<string, () => Promise<string | null>> = {
    'no token': async () => null,
    'recorder dorset': () => t.token('recorder', 'dorset'),
    'recorder warwickshire': () => t.token('recorder', 'warwickshire'),
    'iom-lead dorset': () => t.token('iom-lead', 'dorset'),
    'iom-lead warwickshire': () => t.token('iom-lead', 'warwickshire'),
    'mappa-coordinator dorset': () => t.token('mappa-coordinator', 'dorset'),
    'mappa-coordinator warwickshire': () => t.token('mappa-coordinator', 'warwickshire'),
    auditor: () => t.token('auditor'),
    admin: () => t.token('admin'),
    'reviewer of the person': () => t.token('reviewer', undefined, grant(person)),
    'reviewer of someone else': () => t.token('reviewer', undefined, grant(other)),
  };
  const names = Object.keys(callers);
  const only = (allowed: string[], ok = 200) => Object.fromEntries(names.map((name) => [name, name === 'no token' ? 401 : allowed.includes(name) ? ok : 403]));

  const endpoints: Array<{ name: string; call: (token: string | null) => Promise<number>; expected: Record<string, number> }> = [
    { name: 'GET mappa snapshot (dorset)', call: (k) => get('/api/mappa/snapshot?at=2024-03-31&area=dorset', k), expected: only(['mappa-coordinator dorset', 'auditor']) },
    { name: 'GET IOM cohorts (dorset)', call: (k) => get('/api/iom/cohorts?area=dorset', k), expected: only(['iom-lead dorset', 'auditor']) },
    { name: 'GET a dorset cohort progress', call: (k) => get('/api/iom/cohorts/dorset-2024-q1/progress?at=2024-06-30', k), expected: only(['iom-lead dorset', 'auditor']) },
    { name: 'GET reoffending (dorset)', call: (k) => get('/api/reoffending?from=2024-01-01&to=2024-04-01&area=dorset', k), expected: only(['iom-lead dorset', 'mappa-coordinator dorset', 'auditor']) },
    { name: 'GET person summary', call: (k) => get(`/api/persons/${person}`, k), expected: only(['iom-lead dorset', 'mappa-coordinator dorset', 'auditor']) },
    { name: 'GET person timeline', call: (k) => get(`/api/persons/${person}/timeline`, k), expected: only(['iom-lead dorset', 'mappa-coordinator dorset', 'auditor', 'reviewer of the person']) },
    { name: 'GET global log', call: (k) => get('/api/events?after=0&limit=5', k), expected: only(['auditor']) },
    { name: 'GET audit verify', call: (k) => get('/api/audit/verify', k), expected: only(['auditor', 'admin']) },
    { name: 'GET access log', call: (k) => get(`/api/audit/access?personId=${person}`, k), expected: only(['auditor']) },
    {
      name: 'POST a dorset event',
      call: async (k) => {
        const event = { eventId: randomUUID(), type: 'risk.rosh-assessed', personId: person, area: 'dorset', occurredAt: '2024-01-01', data: { level: 'medium', tool: 'oasys' } };
        const request = t.http().post('/api/events');
        if (k) request.set('Authorization', `Bearer ${k}`);
        return (await request.send(event)).status;
      },
      expected: only(['recorder dorset'], 201),
    },
  ];

  async function get(path: string, token: string | null): Promise<number> {
    const request = t.http().get(path).set('X-Purpose', 'access matrix test');
    if (token) request.set('Authorization', `Bearer ${token}`);
    return (await request).status;
  }

  it.each(endpoints.map((endpoint) => [endpoint.name, endpoint] as const))('%s', async (_name, endpoint) => {
    const actual: Record<string, number> = {};
    for (const name of names) actual[name] = await endpoint.call(await callers[name]());
    expect(actual).toEqual(endpoint.expected);
  });

  it('puts the access-log interceptor on every route of the API that declares a person read', () => {
    const personReads: string[] = [];
    const unlogged: string[] = [];
    for (const module of t.app.get(ModulesContainer).values()) {
      for (const wrapper of module.controllers.values()) {
        const controller = wrapper.metatype as { name: string; prototype: Record<string, unknown> };
        for (const name of Object.getOwnPropertyNames(controller.prototype)) {
          const handler = controller.prototype[name];
          if (typeof handler !== 'function' || !Reflect.hasMetadata(PATH_METADATA, handler)) continue;
          const action = Reflect.getMetadata(REQUIRED_ACTION, handler) ?? Reflect.getMetadata(REQUIRED_ACTION, controller);
          if (!action || !isPersonRead(action)) continue;
          personReads.push(`${controller.name}.${name}`);
          const interceptors = [...(Reflect.getMetadata(INTERCEPTORS_METADATA, controller) ?? []), ...(Reflect.getMetadata(INTERCEPTORS_METADATA, handler) ?? [])];
          if (!interceptors.includes(AccessLogInterceptor)) unlogged.push(`${controller.name}.${name}`);
        }
      }
    }
    expect(personReads).toEqual(expect.arrayContaining(['PersonsController.summary', 'PersonsController.timeline', 'ChronologyController.pack', 'ChronologyController.pdf']));
    expect(unlogged).toEqual([]);
  });

  it('answers 404 for an unknown cohort', async () => {
    expect(await get('/api/iom/cohorts/nowhere-2024-q1/progress', await t.token('auditor'))).toBe(404);
  });

  it('refuses a token signed with another secret, an expired one and a malformed one with 401', async () => {
    const forged = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJyb2xlIjoiYXVkaXRvciIsInN1YiI6Im1hbGxvcnkiLCJpc3MiOiJqb3VybmV5LWxlZGdlciJ9.c2lnbmF0dXJl';
    expect(await get('/api/events', forged)).toBe(401);
    expect(await get('/api/events', 'not-a-token')).toBe(401);
    const yesterday = () => new Date(Date.now() - 86_400_000);
    const expired = await new TokenIssuer(loadOrCreateSecret(t.config.dataDir, t.config.secret), yesterday).issue({ subject: 'late', role: 'auditor', ttlSeconds: 3600 });
    expect(await get('/api/events', expired)).toBe(401);
    expect(await get('/api/events', await t.token('auditor'))).toBe(200);
  });
});
