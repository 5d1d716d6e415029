import { Body, Controller, Get, INestApplication, NotFoundException, Param, Post, ServiceUnavailableException } from '@nestjs/common';
import { INTERCEPTORS_METADATA } from '@nestjs/common/constants';
import { APP_GUARD } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { createTestDatabase, TestDatabase } from '../../../../test/support/test-database';
import { AccessLog } from '../access-log/access-log';
import { ACCESS_MIGRATIONS } from '../migrations';
import type { Principal } from '../roles';
import { TokenIssuer, TokenVerifier } from '../tokens';
import { AccessLogInterceptor } from './access-log.interceptor';
import { AuthGuard } from './auth.guard';
import { Public, Requires } from './metadata';
import { AreaFilter, CurrentPrincipal, Purpose } from './param-decorators';
import { PolicyGuard } from './policy.guard';
import { RESOURCE_RESOLVER, ResourceResolver, routeResource } from './resource-resolver';

const SECRET = new Uint8Array(Buffer.from('nest-test-secret-of-at-least-32-bytes!!', 'utf8'));
/** Where each person belongs, as the app would look it up in its read model. */
const PERSON_AREAS: Record<string, string> = { 'P-1': 'hampshire', 'P-2': 'dorset' };

@Controller('api')
class ExampleController {
  @Get('persons/:personId')
  @Requires('person.read')
  person(@Param('personId') personId: string, @CurrentPrincipal() principal: Principal, @Purpose() purpose: string) {
    return { personId, readBy: principal.subject, purpose };
  }

  @Get('persons/:personId/failing')
  @Requires('person.timeline')
  failing() {
    throw new ServiceUnavailableException('the record could not be read just now');
  }

  @Get('mappa/snapshot')
  @Requires('mappa.read')
  snapshot(@AreaFilter() area: string | undefined) {
    return { area: area ?? 'all' };
  }

  @Post('events')
  @Requires('events.append')
  append(@Body() events: Array<{ area: string }>) {
    return { appended: events.length };
  }

  @Get('undeclared')
  undeclared() {
    return 'should never be reached';
  }

  @Get('ping')
  @Public()
  ping() {
    return 'pong';
  }
}

/** A person read declared once for the whole controller. */
@Controller('api/review')
@Requires('person.pack')
class ReviewController {
  @Get(':personId')
  pack(@Param('personId') personId: string) {
    return { pack: personId };
  }
}

const resolver: ResourceResolver = (context) => {
  const { request, action } = context;
  if (action === 'events.append') return (request as unknown as { body: Array<{ area: string }> }).body.map((event) => ({ area: event.area }));
  const personId = request.params?.personId;
  if (personId !== undefined) {
    if (!PERSON_AREAS[personId]) throw new NotFoundException(`no person ${personId}`);
    return { personId, area: PERSON_AREAS[personId] };
  }
  return routeResource(context);
};

describe('NestJS access pieces', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let accessLog: AccessLog;
  const issuer = new TokenIssuer(SECRET);
  const tokenFor = (principal: Principal) => issuer.issue(principal);

  beforeAll(async () => {
    db = await createTestDatabase(ACCESS_MIGRATIONS);
    accessLog = new AccessLog(db.pool);
    const moduleRef = await Test.createTestingModule({
      controllers: [ExampleController, ReviewController],
      providers: [
        { provide: TokenVerifier, useValue: new TokenVerifier({ secret: SECRET }) },
        { provide: AccessLog, useValue: accessLog },
        { provide: RESOURCE_RESOLVER, useValue: resolver },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_GUARD, useClass: PolicyGuard },
      ],
    }).compile();
    app = moduleRef.createNestApplication(new FastifyAdapter()); // as the API runs
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  const lead = { subject: 'pc-jones', role: 'iom-lead', area: 'hampshire' } as const;

  it('answers 401 without a valid bearer token, and lets public routes through', async () => {
    const missing = await request(app.getHttpServer()).get('/api/persons/P-1').expect(401);
    expect(missing.headers['www-authenticate']).toBe('Bearer realm="journey-ledger"');
    await request(app.getHttpServer()).get('/api/persons/P-1').set('Authorization', 'Bearer not-a-token').expect(401);
    const otherSecret = await new TokenIssuer(new Uint8Array(Buffer.from('x'.repeat(40)))).issue(lead);
    await request(app.getHttpServer()).get('/api/persons/P-1').set('Authorization', `Bearer ${otherSecret}`).expect(401);
    await request(app.getHttpServer()).get('/api/ping').expect(200, 'pong');
  });

  it('answers 403 with the reason outside the caller role or area', async () => {
    const token = await tokenFor(lead);
    const otherArea = await request(app.getHttpServer()).get('/api/persons/P-2').set('Authorization', `Bearer ${token}`).set('X-Purpose', 'review').expect(403);
    expect(otherArea.body.message).toBe('person.read in area dorset is outside your area (hampshire)');
    await request(app.getHttpServer()).get('/api/mappa/snapshot').set('Authorization', `Bearer ${token}`).expect(403);
    await request(app.getHttpServer()).get('/api/undeclared').set('Authorization', `Bearer ${token}`).expect(403);
  });

  it('answers 404 for a person the resolver does not know', async () => {
    const token = await tokenFor(lead);
    await request(app.getHttpServer()).get('/api/persons/P-404').set('Authorization', `Bearer ${token}`).set('X-Purpose', 'review').expect(404);
  });

  it('answers 400 for a person read without a purpose, and records the read once one is given', async () => {
    const token = await tokenFor(lead);
    const refused = await request(app.getHttpServer()).get('/api/persons/P-1').set('Authorization', `Bearer ${token}`).expect(400);
    expect(refused.body.message).toMatch(/X-Purpose/);
    expect(await accessLog.forPerson('P-1')).toEqual([]);

    await request(app.getHttpServer())
      .get('/api/persons/P-1')
      .set('Authorization', `Bearer ${token}`)
      .set('X-Purpose', 'IOM panel 2024-06')
      .expect(200, { personId: 'P-1', readBy: 'pc-jones', purpose: 'IOM panel 2024-06' });
    await request(app.getHttpServer()).get('/api/persons/P-1?purpose=case%20review').set('Authorization', `Bearer ${token}`).expect(200);

    const reads = await accessLog.forPerson('P-1');
    expect(reads.map((r) => [r.subject, r.role, r.area, r.action, r.purpose, r.what])).toEqual([
      ['pc-jones', 'iom-lead', 'hampshire', 'person.read', 'IOM panel 2024-06', 'GET /api/persons/P-1'],
      ['pc-jones', 'iom-lead', 'hampshire', 'person.read', 'case review', 'GET /api/persons/P-1?purpose=case%20review'],
    ]);
  });

  it('sends nothing of the record when its access-log entry cannot be written', async () => {
    const token = await tokenFor(lead);
    await db.pool.query(`CREATE FUNCTION refuse_entry() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'access log unavailable'; END $$;
                         CREATE TRIGGER refuse_entry BEFORE INSERT ON ledger_access_log FOR EACH ROW EXECUTE FUNCTION refuse_entry()`);
    try {
      const refused = await request(app.getHttpServer()).get('/api/persons/P-2').set('Authorization', `Bearer ${await tokenFor({ subject: 'auditor-1', role: 'auditor' })}`).set('X-Purpose', 'audit');
      expect(refused.status).toBe(500);
      expect(JSON.stringify(refused.body)).not.toContain('readBy');
    } finally {
      await db.pool.query('DROP TRIGGER refuse_entry ON ledger_access_log; DROP FUNCTION refuse_entry()');
    }
    expect(await accessLog.forPerson('P-2')).toEqual([]);
    // The log works again, and the next read is both answered and recorded.
    await request(app.getHttpServer()).get('/api/persons/P-1').set('Authorization', `Bearer ${token}`).set('X-Purpose', 'after the outage').expect(200);
    expect((await accessLog.forPerson('P-1')).map((entry) => entry.purpose)).toContain('after the outage');
  });

  it('records a read on a route whose controller declares the person read', async () => {
    const token = await tokenFor(lead);
    await request(app.getHttpServer()).get('/api/review/P-1').set('Authorization', `Bearer ${token}`).set('X-Purpose', 'pack for panel').expect(200, { pack: 'P-1' });
    const entries = await accessLog.forPerson('P-1');
    expect(entries.filter((entry) => entry.purpose === 'pack for panel').map((entry) => [entry.action, entry.what])).toEqual([['person.pack', 'GET /api/review/P-1']]);
  });

  it('puts the access-log interceptor on the routes declaring a person read, and on no other', () => {
    const interceptors = (target: object) => Reflect.getMetadata(INTERCEPTORS_METADATA, target) ?? [];
    expect(interceptors(ExampleController.prototype.person)).toEqual([AccessLogInterceptor]);
    expect(interceptors(ExampleController.prototype.failing)).toEqual([AccessLogInterceptor]);
    expect(interceptors(ReviewController)).toEqual([AccessLogInterceptor]);
    for (const other of [ExampleController.prototype.snapshot, ExampleController.prototype.append, ExampleController.prototype.ping, ExampleController]) {
      expect(interceptors(other)).toEqual([]);
    }
  });

  it('records an authorised read whose answer then fails, as the attempt it was', async () => {
    const token = await tokenFor(lead);
    await request(app.getHttpServer()).get('/api/persons/P-1/failing').set('Authorization', `Bearer ${token}`).set('X-Purpose', 'attempted review').expect(503);
    const entries = await accessLog.forPerson('P-1');
    expect(entries.filter((entry) => entry.purpose === 'attempted review').map((entry) => [entry.action, entry.what])).toEqual([['person.timeline', 'GET /api/persons/P-1/failing']]);
  });

  it('keeps an area-scoped caller to their area in reports and lets an auditor see every area', async () => {
    const coordinator = await tokenFor({ subject: 'mc', role: 'mappa-coordinator', area: 'dorset' });
    await request(app.getHttpServer()).get('/api/mappa/snapshot').set('Authorization', `Bearer ${coordinator}`).expect(200, { area: 'dorset' });
    await request(app.getHttpServer()).get('/api/mappa/snapshot?area=hampshire').set('Authorization', `Bearer ${coordinator}`).expect(403);
    const auditor = await tokenFor({ subject: 'au', role: 'auditor' });
    await request(app.getHttpServer()).get('/api/mappa/snapshot').set('Authorization', `Bearer ${auditor}`).expect(200, { area: 'all' });
    await request(app.getHttpServer()).get('/api/mappa/snapshot?area=hampshire').set('Authorization', `Bearer ${auditor}`).expect(200, { area: 'hampshire' });
  });

  it('refuses a batch when any event is outside the recorder area', async () => {
    const recorder = await tokenFor({ subject: 'rec', role: 'recorder', area: 'hampshire' });
    await request(app.getHttpServer()).post('/api/events').set('Authorization', `Bearer ${recorder}`).send([{ area: 'hampshire' }, { area: 'hampshire' }]).expect(201, { appended: 2 });
    await request(app.getHttpServer()).post('/api/events').set('Authorization', `Bearer ${recorder}`).send([{ area: 'hampshire' }, { area: 'dorset' }]).expect(403);
  });
});
