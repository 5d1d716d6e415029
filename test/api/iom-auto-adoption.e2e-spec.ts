import { randomUUID } from 'node:crypto';
import { ProjectionRunner } from '../../libs/projections/src';
import { autoAdoptionCohort, derivedEventId } from '../../libs/projections/src/policies/iom-auto-adoption.policy';
import { startTestApp, TestApp } from '../support/test-app';

/** Warwickshire policy: category 2/3 people managed at MAPPA level 2 or 3 join the IOM cohort automatically. */
describe('automatic IOM adoption', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  async function record(
    area: string,
    events: Array<{ eventId?: string; type: string; occurredAt: string; recordedAt?: string; recordedBy?: string; data: Record<string, unknown> }>,
    person: string,
  ) {
    const token = await t.token('recorder', area);
    const body = events.map((event) => ({ eventId: randomUUID(), personId: person, area, ...event }));
    await t.http().post('/api/events').set('Authorization', `Bearer ${token}`).send(body).expect(201);
  }
  const registration = { type: 'person.registered', occurredAt: '2020-01-01', data: { identifiers: [{ type: 'crn', value: 'X000001' }], dateOfBirth: '1985-01-01', gender: 'male' } };

  async function adoptions(person: string) {
    const runner = t.app.get(ProjectionRunner);
    await runner.caughtUpTo(Number((await t.db.pool.query('SELECT max(position) AS max FROM ledger_events')).rows[0].max));
    const { rows } = await t.db.pool.query(`SELECT event_id, data, recorded_by FROM ledger_events WHERE person_id = $1 AND type = 'iom.adopted'`, [person]);
    return rows;
  }

  it('adopts once when a category 2 person moves to level 2, not again at level 3, and not in other areas', async () => {
    const person = `P-${randomUUID()}`;
    await record('warwickshire', [registration, { type: 'mappa.registered', occurredAt: '2024-01-10', data: { category: 2, level: 1, leadAgency: 'probation' } }], person);
    expect(await adoptions(person)).toHaveLength(0); // level 1 does not qualify

    await record('warwickshire', [{ type: 'mappa.level-changed', occurredAt: '2024-02-01', data: { level: 2, reason: 'escalating risk' } }], person);
    await record('warwickshire', [{ type: 'mappa.level-changed', occurredAt: '2024-03-01', data: { level: 3 } }], person);
    const adopted = await adoptions(person);
    expect(adopted).toHaveLength(1);
    expect(adopted[0].recorded_by).toBe('policy:iom-auto-adoption');
    expect(adopted[0].data).toMatchObject({ cohortId: autoAdoptionCohort('warwickshire'), cohortType: 'flex' });
    expect(adopted[0].data.reason).toMatch(/category 2 managed at level 2/);

    const elsewhere = `P-${randomUUID()}`;
    await record('dorset', [registration, { type: 'mappa.registered', occurredAt: '2024-01-10', data: { category: 3, level: 2, leadAgency: 'police' } }], elsewhere);
    expect(await adoptions(elsewhere)).toHaveLength(0);
  });

  it('does not adopt category 1 people, and a rebuild of the policy records nothing twice', async () => {
    const sexOffender = `P-${randomUUID()}`;
    await record('warwickshire', [registration, { type: 'mappa.registered', occurredAt: '2024-01-10', data: { category: 1, level: 3, leadAgency: 'police' } }], sexOffender);
    expect(await adoptions(sexOffender)).toHaveLength(0);

    const dangerous = `P-${randomUUID()}`;
    await record('warwickshire', [registration, { type: 'mappa.registered', occurredAt: '2024-05-10', data: { category: 3, level: 2, leadAgency: 'probation' } }], dangerous);
    const first = await adoptions(dangerous);
    expect(first).toHaveLength(1);

    await t.app.get(ProjectionRunner).rebuild('iom-auto-adoption');
    expect(await adoptions(dangerous)).toEqual(first);
  });

  it('records the adoption as known when the MAPPA facts it was decided on were, so "as known at" then the person is on the cohort', async () => {
    const person = `P-${randomUUID()}`;
    await record(
      'warwickshire',
      [
        { ...registration, recordedAt: '2023-01-01T09:00:00Z' },
        { type: 'mappa.registered', occurredAt: '2023-01-10', recordedAt: '2023-01-10T09:00:00Z', data: { category: 2, level: 1, leadAgency: 'probation' } },
        // Learned late: the move to level 2 in March was recorded in May (half a millisecond past 10:00 BST).
        { type: 'mappa.level-changed', occurredAt: '2023-03-01', recordedAt: '2023-05-02T10:00:00.0005+01:00', data: { level: 2 } },
      ],
      person,
    );
    expect((await adoptions(person)).length).toBe(1);
    const { rows } = await t.db.pool.query(
      `SELECT occurred_at, to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') AS recorded_at FROM ledger_events WHERE person_id = $1 AND type = 'iom.adopted'`,
      [person],
    );
    expect(rows).toEqual([{ occurred_at: '2023-03-01', recorded_at: '2023-05-02T09:00:00.000500' }]);

    const lead = await t.token('iom-lead', 'warwickshire');
    const members = async (asOf: string) => {
      const response = await t.http().get(`/api/iom/cohorts/${autoAdoptionCohort('warwickshire')}/progress?at=2023-06-01&asOf=${encodeURIComponent(asOf)}`).set('Authorization', `Bearer ${lead}`);
      return response.status === 200 ? response.body.members.map((member: any) => member.personId) : [];
    };
    expect(await members('2023-05-02T09:00:00.000499Z')).not.toContain(person);
    expect(await members('2023-05-02T09:00:00.000500Z')).toContain(person);
  });

  it('leaves an adoption recorded before adoptions carried their decision\'s recordedAt as it is, and goes on', async () => {
    const person = `P-${randomUUID()}`;
    const trigger = randomUUID();
    // As an earlier version recorded it: the same derived id, stamped when the policy ran.
    const stampedWhenRun = {
      eventId: derivedEventId(trigger, 'iom-auto-adoption'), type: 'iom.adopted', occurredAt: '2023-01-10', recordedAt: '2024-01-01T00:00:00Z',
      recordedBy: 'policy:iom-auto-adoption', data: { cohortId: autoAdoptionCohort('warwickshire'), cohortType: 'flex', reason: 'Adopted automatically' },
    };
    await record('warwickshire', [
      { ...registration, recordedAt: '2023-01-01T09:00:00Z' },
      { eventId: trigger, type: 'mappa.registered', occurredAt: '2023-01-10', recordedAt: '2023-01-10T09:00:00Z', data: { category: 3, level: 2, leadAgency: 'police' } },
      stampedWhenRun,
    ], person);
    const adopted = await adoptions(person); // waits for the policy to pass the trigger: it would stop at a conflict
    expect(adopted.map((row) => row.event_id)).toEqual([stampedWhenRun.eventId]);
  });

  it('decides on the MAPPA history as corrected, and adopts again after a deselection', async () => {
    const person = `P-${randomUUID()}`;
    const mistaken = randomUUID();
    await record('warwickshire', [registration, { eventId: mistaken, type: 'mappa.registered', occurredAt: '2024-01-10', data: { category: 1, level: 1, leadAgency: 'probation' } }], person);
    await record(
      'warwickshire',
      [{ type: 'record.corrected', occurredAt: '2024-01-11', data: { targetEventId: mistaken, reason: 'category keyed wrongly', data: { category: 2, level: 1, leadAgency: 'probation' } } }],
      person,
    );
    expect(await adoptions(person)).toHaveLength(0); // a correction is not a trigger, and level 1 does not qualify

    // Category 2 only by the correction: without it this move to level 2 would not qualify.
    await record('warwickshire', [{ type: 'mappa.level-changed', occurredAt: '2024-02-01', data: { level: 2 } }], person);
    expect(await adoptions(person)).toHaveLength(1);

    const cohortId = autoAdoptionCohort('warwickshire');
    await record('warwickshire', [{ type: 'iom.deselected', occurredAt: '2024-03-01', data: { cohortId, reason: 'stable' } }], person);
    await record('warwickshire', [{ type: 'mappa.level-changed', occurredAt: '2024-04-01', data: { level: 1 } }], person);
    expect(await adoptions(person)).toHaveLength(1);
    // Off the cohort by the deselection, so qualifying again adopts again.
    await record('warwickshire', [{ type: 'mappa.level-changed', occurredAt: '2024-05-01', data: { level: 3 } }], person);
    const adopted = await adoptions(person);
    expect(adopted).toHaveLength(2);
    expect(adopted.map((row) => row.data.reason).join('\n')).toMatch(/category 2 managed at level 3/);
  });
});
