import { randomUUID } from 'node:crypto';
import { ProjectionRunner } from '../../libs/projections/src';
import { startTestApp, TestApp } from '../support/test-app';

/** What operations watch: /health (readiness, stopped projections) and /metrics (positions, lag, events). */
describe('health and metrics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it('exposes projection positions, lag and events recorded (fed from the store through the event bus)', async () => {
    const recorder = await t.token('recorder', 'dorset');
    const person = `P-${randomUUID()}`;
    await t.http()
      .post('/api/events')
      .set('Authorization', `Bearer ${recorder}`)
      .send({ eventId: randomUUID(), type: 'person.registered', personId: person, area: 'dorset', occurredAt: '2020-01-01', data: { identifiers: [{ type: 'crn', value: 'X1' }], dateOfBirth: '1980-01-01', gender: 'male' } })
      .expect(201);
    const runner = t.app.get(ProjectionRunner);
    await runner.caughtUpTo(1);

    let metrics = '';
    for (let i = 0; i < 50 && !/ledger_events_recorded_total\{type="person.registered"\} 1/.test(metrics); i++) {
      metrics = (await t.http().get('/metrics').expect(200)).text;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(metrics).toMatch(/ledger_events_recorded_total\{type="person.registered"\} 1/);
    expect(metrics).toMatch(/ledger_head_position 1/);
    expect(metrics).toMatch(/ledger_projection_position\{projection="resolved-events"\} 1/);
    expect(metrics).toMatch(/ledger_projection_lag_events\{projection="resolved-events"\} 0/);
  });

  it('is ready while projections follow the log, and reports one that has stopped', async () => {
    const healthy = await t.http().get('/health').expect(200);
    expect(healthy.body).toMatchObject({ status: 'ok', store: 'postgres' });
    expect(healthy.body.projections.map((p: any) => p.name).sort()).toEqual(['iom-auto-adoption', 'resolved-events']);

    await t.app.get(ProjectionRunner).stop();
    const degraded = await t.http().get('/health').expect(503);
    expect(degraded.body.status).toBe('degraded');
    expect(degraded.body.projections.every((p: any) => p.status === 'stopped')).toBe(true);
  });

  describe('with the projections in `ledger worker` (LEDGER_PROJECTIONS=worker)', () => {
    let api: TestApp;
    beforeAll(async () => {
      api = await startTestApp({ projectionsInProcess: false });
    });
    afterAll(async () => api.close());

    it('is ready while the worker keeps up, and degraded once events have waited a minute with no checkpoint moving', async () => {
      const health = (status: number) => api.http().get('/health').expect(status);
      const idle = await health(200);
      expect(idle.body.status).toBe('ok');
      expect(idle.body.projections.map((p: any) => p.status)).toEqual(['worker', 'worker']);

      // An append the worker (not running here) does not take: lagging, but not yet for long.
      const recorder = await api.token('recorder', 'dorset');
      await api.http().post('/api/events').set('Authorization', `Bearer ${recorder}`)
        .send({ eventId: randomUUID(), type: 'person.registered', personId: `P-${randomUUID()}`, area: 'dorset', occurredAt: '2020-01-01', data: { identifiers: [{ type: 'crn', value: 'X2' }], dateOfBirth: '1980-01-01', gender: 'male' } })
        .expect(201);
      const lagging = await health(200);
      expect(lagging.body.projections.find((p: any) => p.name === 'resolved-events')).toMatchObject({ status: 'worker', lag: 1 });

      // A minute later, nothing has moved: the worker is down or stuck.
      const realNow = Date.now;
      const later = realNow() + 61_000;
      jest.spyOn(Date, 'now').mockImplementation(() => later);
      try {
        const stalled = await health(503);
        expect(stalled.body.status).toBe('degraded');
        expect(stalled.body.projections.find((p: any) => p.name === 'resolved-events')).toMatchObject({ status: 'stalled', lag: 1 });
        expect((await api.http().get('/metrics').expect(200)).text).toMatch(/ledger_projection_up\{projection="resolved-events"\} 0/);
      } finally {
        jest.restoreAllMocks();
      }

      // The worker (here, a catch-up in its place) applies the event: ready again.
      await api.app.get(ProjectionRunner).catchUp('resolved-events');
      await api.app.get(ProjectionRunner).catchUp('iom-auto-adoption');
      const caughtUp = await health(200);
      expect(caughtUp.body.projections.map((p: any) => [p.status, p.lag])).toEqual([['worker', 0], ['worker', 0]]);
    });
  });
});
