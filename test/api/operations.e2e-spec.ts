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
});
