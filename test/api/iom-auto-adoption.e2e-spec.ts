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

  /** The members of Warwickshire's automatic cohort in its progress at `at` (as known at `asOf`); none while the cohort is unknown. */
  async function automaticMembers(at: string, asOf?: string): Promise<string[]> {
    const lead = await t.token('iom-lead', 'warwickshire');
    const query = `at=${at}${asOf ? `&asOf=${encodeURIComponent(asOf)}` : ''}`;
    const response = await t.http().get(`/api/iom/cohorts/${autoAdoptionCohort('warwickshire')}/progress?${query}`).set('Authorization', `Bearer ${lead}`);
    return response.status === 200 ? response.body.members.map((member: any) => member.personId) : [];
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

    expect(await automaticMembers('2023-06-01', '2023-05-02T09:00:00.000499Z')).not.toContain(person);
    expect(await automaticMembers('2023-06-01', '2023-05-02T09:00:00.000500Z')).toContain(person);
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

  it('adopts when a correction makes the MAPPA record qualify, and withdraws an adoption whose record is corrected or retracted away', async () => {
    const members = (asOf?: string) => automaticMembers('2024-06-01', asOf);
    const standingAdoptions = async (person: string) => {
      await adoptions(person); // caught up
      const { rows } = await t.db.pool.query(
        `SELECT a.occurred_at FROM ledger_events a
          WHERE a.person_id = $1 AND a.type = 'iom.adopted'
            AND NOT EXISTS (SELECT 1 FROM ledger_events r WHERE r.person_id = $1 AND r.type = 'record.retracted' AND r.data->>'targetEventId' = a.event_id::text)`,
        [person],
      );
      return rows.map((row) => row.occurred_at);
    };

    // (a) Registered at category 1 level 1 by mistake; corrected to category 3 level 3: adopted on the registration's date.
    const correctedUp = `P-${randomUUID()}`;
    const keyedWrongly = randomUUID();
    await record('warwickshire', [
      { ...registration, recordedAt: '2024-01-01T09:00:00Z' },
      { eventId: keyedWrongly, type: 'mappa.registered', occurredAt: '2024-01-10', recordedAt: '2024-01-11T09:00:00Z', data: { category: 1, level: 1, leadAgency: 'police' } },
    ], correctedUp);
    expect(await standingAdoptions(correctedUp)).toEqual([]);
    await record('warwickshire', [
      { type: 'record.corrected', occurredAt: '2024-02-01', recordedAt: '2024-02-01T09:00:00Z', data: { targetEventId: keyedWrongly, reason: 'wrong category', data: { category: 3, level: 3, leadAgency: 'probation' } } },
    ], correctedUp);
    expect(await standingAdoptions(correctedUp)).toEqual(['2024-01-10']);

    // (b) Registered at category 2 level 2 (adopted), then corrected to category 1: the adoption is withdrawn;
    // and one whose registration is retracted likewise.
    const correctedDown = `P-${randomUUID()}`;
    const qualifying = randomUUID();
    await record('warwickshire', [
      { ...registration, recordedAt: '2024-01-01T09:00:00Z' },
      { eventId: qualifying, type: 'mappa.registered', occurredAt: '2024-01-10', recordedAt: '2024-01-11T09:00:00Z', data: { category: 2, level: 2, leadAgency: 'probation' } },
    ], correctedDown);
    expect(await standingAdoptions(correctedDown)).toEqual(['2024-01-10']);
    await record('warwickshire', [
      { type: 'record.corrected', occurredAt: '2024-03-01', recordedAt: '2024-03-01T09:00:00Z', data: { targetEventId: qualifying, reason: 'category 1 after all', data: { category: 1, level: 1, leadAgency: 'police' } } },
    ], correctedDown);
    expect(await standingAdoptions(correctedDown)).toEqual([]);

    const retracted = `P-${randomUUID()}`;
    const inError = randomUUID();
    await record('warwickshire', [
      { ...registration, recordedAt: '2024-01-01T09:00:00Z' },
      { eventId: inError, type: 'mappa.registered', occurredAt: '2024-01-10', recordedAt: '2024-01-11T09:00:00Z', data: { category: 3, level: 2, leadAgency: 'probation' } },
    ], retracted);
    await record('warwickshire', [{ type: 'record.retracted', occurredAt: '2024-03-01', recordedAt: '2024-03-01T09:00:00Z', data: { targetEventId: inError, reason: 'recorded against the wrong person' } }], retracted);
    expect(await standingAdoptions(retracted)).toEqual([]);

    // The cohort now, and as known between the adoptions and their withdrawal.
    expect((await members()).filter((p: string) => [correctedUp, correctedDown, retracted].includes(p))).toEqual([correctedUp]);
    expect((await members('2024-02-15T00:00:00Z')).filter((p: string) => [correctedUp, correctedDown, retracted].includes(p)).sort()).toEqual([correctedUp, correctedDown, retracted].sort());
    expect((await members('2024-01-20T00:00:00Z')).filter((p: string) => [correctedUp, correctedDown, retracted].includes(p)).sort()).toEqual([correctedDown, retracted].sort());

    // A rebuild of the policy, in batches of one event, records nothing more.
    const before = await t.db.pool.query('SELECT count(*)::int AS n FROM ledger_events');
    await t.app.get(ProjectionRunner).rebuild('iom-auto-adoption', undefined, 1);
    expect((await t.db.pool.query('SELECT count(*)::int AS n FROM ledger_events')).rows[0].n).toBe(before.rows[0].n);
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
