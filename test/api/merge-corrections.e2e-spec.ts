import { randomUUID } from 'node:crypto';
import { ProjectionRunner, RESOLVED_EVENTS } from '../../libs/projections/src';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * A merge found wrong and corrected to another person: the duplicate record counts as the new
 * person from the correction on, and as the first one "as known at" any instant between the
 * merge and its correction, in the reports, in the timelines and after a replay of the log.
 */
describe('a merge corrected to another person', () => {
  let t: TestApp;
  let recorder: string;
  let lead: string;
  beforeAll(async () => {
    t = await startTestApp();
    recorder = await t.token('recorder', 'dorset');
    lead = await t.token('iom-lead', 'dorset');
  });
  afterAll(async () => t.close());

  /** Records, then lets the read model take it in on its own (one batch per post, as when they come apart in time). */
  const post = async (body: unknown) => {
    await t.http().post('/api/events').set('Authorization', `Bearer ${recorder}`).send(body as object).expect(201);
    await t.app.get(ProjectionRunner).catchUp(RESOLVED_EVENTS);
  };
  const get = (path: string) => t.http().get(path).set('Authorization', `Bearer ${lead}`).set('X-Purpose', 'IOM case review');

  const event = (type: string, personId: string, occurredAt: string, recordedAt: string, data: Record<string, unknown>) => ({
    eventId: randomUUID(), type, personId, area: 'dorset', occurredAt, recordedAt, source: { system: 'manual' }, data,
  });
  const registered = (personId: string, pnc: string) =>
    event('person.registered', personId, '2010-01-01', '2010-01-01T09:00:00Z', {
      identifiers: [{ type: 'pnc', value: pnc }], dateOfBirth: '1980-01-01', gender: 'male', name: 'Test Person',
    });
  const arrest = (personId: string, date: string) =>
    event('arrest.recorded', personId, date, `${date}T12:00:00Z`, {
      arrestId: randomUUID(), offences: [{ offenceId: randomUUID(), offenceDate: date, category: 'theft' }],
    });

  it('counts the duplicate as the corrected person now and as the first one while the merge stood, in reports, timelines and after a replay', async () => {
    const [x, y, z] = ['X', 'Y', 'Z'].map((name) => `P-${name}-${randomUUID()}`);
    const cohortId = `merge-corrected-${randomUUID()}`;
    // Z, the cohort member, is a duplicate: merged into X on 1 April 2024, found on 1 May to be Y.
    const merge = event('person.merged', z, '2024-04-01', '2024-04-01T12:00:00Z', { intoPersonId: x });
    const correction = event('record.corrected', z, '2024-05-01', '2024-05-01T12:00:00Z', {
      targetEventId: merge.eventId, reason: 'merged into the wrong person', data: { intoPersonId: y },
    });
    const adopted = event('iom.adopted', z, '2023-01-01', '2023-01-01T09:00:00Z', { cohortId, cohortType: 'fixed', reason: 'persistent theft' });
    await post([
      registered(x, '2010/0000001A'), registered(y, '2010/0000002B'), registered(z, '2010/0000003C'),
      adopted,
      arrest(y, '2023-06-01'), arrest(x, '2023-07-01'), arrest(x, '2023-08-01'),
    ]);
    await post([merge]);
    await post([correction]);

    const progress = async (asOf?: string) => {
      const query = `at=2024-06-01${asOf ? `&asOf=${encodeURIComponent(asOf)}` : ''}`;
      const body = (await get(`/api/iom/cohorts/${cohortId}/progress?${query}`).expect(200)).body;
      return { members: body.members.map((m: any) => [m.personId, m.arrests.post]), post: body.cohort.arrests.post };
    };
    const timeline = async (person: string, asOf?: string) => {
      const body = (await get(`/api/persons/${person}/timeline${asOf ? `?asOf=${encodeURIComponent(asOf)}` : ''}`).expect(200)).body;
      return { countsAs: body.countsAs, adopted: body.entries.some((entry: any) => entry.eventId === adopted.eventId) };
    };
    const answers = async () => ({
      progress: {
        now: await progress(),
        afterTheCorrection: await progress('2024-05-15T00:00:00Z'),
        whileMergedIntoX: await progress('2024-04-15T00:00:00Z'),
        beforeTheMerge: await progress('2024-03-01T00:00:00Z'),
      },
      timelines: {
        zNow: await timeline(z),
        yNow: await timeline(y),
        xNow: await timeline(x),
        xWhileMerged: await timeline(x, '2024-04-15T00:00:00Z'),
        yWhileMerged: await timeline(y, '2024-04-15T00:00:00Z'),
        zWhileMerged: await timeline(z, '2024-04-15T00:00:00Z'),
      },
    });

    const expected = {
      progress: {
        // Now Z is Y, with Y's one arrest after adoption; while merged into X, X's two; before, Z's none.
        now: { members: [[y, 1]], post: 1 },
        afterTheCorrection: { members: [[y, 1]], post: 1 },
        whileMergedIntoX: { members: [[x, 2]], post: 2 },
        beforeTheMerge: { members: [[z, 0]], post: 0 },
      },
      timelines: {
        zNow: { countsAs: y, adopted: true },
        yNow: { countsAs: y, adopted: true },
        xNow: { countsAs: x, adopted: false },
        xWhileMerged: { countsAs: x, adopted: true },
        yWhileMerged: { countsAs: y, adopted: false },
        zWhileMerged: { countsAs: x, adopted: true },
      },
    };
    expect(await answers()).toEqual(expected);

    // A replay of the whole log rebuilds the read models to the same answers.
    await t.app.get(ProjectionRunner).rebuildAll();
    expect(await answers()).toEqual(expected);
  });

  it('brings back the earlier merge when a later one is retracted, now, as known between, and after a replay', async () => {
    const [x, y, z] = ['X', 'Y', 'Z'].map((name) => `P-${name}-${randomUUID()}`);
    const cohortId = `merge-retracted-${randomUUID()}`;
    // X was itself merged into W: the chain Z -> X -> W holds again once Z -> Y is retracted.
    const w = `P-W-${randomUUID()}`;
    const intoY = event('person.merged', z, '2024-05-01', '2024-05-01T12:00:00Z', { intoPersonId: y });
    const adopted = event('iom.adopted', z, '2023-01-01', '2023-01-01T09:00:00Z', { cohortId, cohortType: 'fixed', reason: 'persistent theft' });
    await post([
      registered(w, '2010/0000004D'), registered(x, '2010/0000001A'), registered(y, '2010/0000002B'), registered(z, '2010/0000003C'),
      adopted,
      arrest(y, '2023-06-01'), arrest(w, '2023-07-01'), arrest(w, '2023-08-01'), arrest(w, '2023-09-01'),
      event('person.merged', x, '2020-01-01', '2020-01-01T12:00:00Z', { intoPersonId: w }),
      event('person.merged', z, '2024-04-01', '2024-04-01T12:00:00Z', { intoPersonId: x }),
    ]);
    await post([intoY]);
    await post([event('record.retracted', z, '2024-06-01', '2024-06-01T12:00:00Z', { targetEventId: intoY.eventId, reason: 'not the same person' })]);

    const answers = async () => {
      const arrestsAfter = async (asOf?: string) =>
        (await get(`/api/iom/cohorts/${cohortId}/progress?at=2024-06-30${asOf ? `&asOf=${encodeURIComponent(asOf)}` : ''}`).expect(200)).body.members.map(
          (m: any) => [m.personId, m.arrests.post],
        );
      const countsAs = async (person: string, asOf?: string) => {
        const body = (await get(`/api/persons/${person}/timeline${asOf ? `?asOf=${encodeURIComponent(asOf)}` : ''}`).expect(200)).body;
        return [body.countsAs, body.entries.some((entry: any) => entry.eventId === adopted.eventId)];
      };
      return {
        now: [await arrestsAfter(), await countsAs(z), await countsAs(w), await countsAs(y)],
        whileMergedIntoY: [await arrestsAfter('2024-05-15T00:00:00Z'), await countsAs(z, '2024-05-15T00:00:00Z'), await countsAs(w, '2024-05-15T00:00:00Z'), await countsAs(y, '2024-05-15T00:00:00Z')],
      };
    };
    const expected = {
      now: [[[w, 3]], [w, true], [w, true], [y, false]],
      whileMergedIntoY: [[[y, 1]], [y, true], [w, false], [y, true]],
    };
    expect(await answers()).toEqual(expected);
    await t.app.get(ProjectionRunner).rebuildAll();
    expect(await answers()).toEqual(expected);
  });
});
