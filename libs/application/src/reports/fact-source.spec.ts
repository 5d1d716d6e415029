import { randomUUID } from 'node:crypto';
import { CommandBus } from '@nestjs/cqrs';
import { EVENT_CATALOGUE } from '@ledger/domain/catalogue';
import type { NewEvent } from '@ledger/domain/envelope';
import { generatePopulation } from '@ledger/demo-data';
import { startTestApp, TestApp } from '../../../../test/support/test-app';
import { EVENT_STORE } from '../runtime/tokens';
import type { EventStore } from '@ledger/event-store';
import { RecordEventsCommand } from '../recording/record-events.command';
import { QueryBus } from '@nestjs/cqrs';
import { iomCohortProgress, iomCohorts, provenReoffending } from '@ledger/projections';
import { IomCohortProgressQuery, ReoffendingQuery } from './report.queries';
import { FactSource } from './fact-source';

/**
 * "As known at T" reads untouched records from the read model and resolves only the records a
 * correction, retraction or merge touched: it must give exactly what folding every event known
 * at T gives, for every report's types, at any T.
 */
describe('FactSource as known at T', () => {
  let app: TestApp;
  let facts: FactSource;

  beforeAll(async () => {
    app = await startTestApp({ projectionsInProcess: false });
    const events = [...generatePopulation({ people: 80, seed: 'fact-source-as-of' })];
    const bus = app.app.get(CommandBus);
    for (let i = 0; i < events.length; i += 500) await bus.execute(new RecordEventsCommand(events.slice(i, i + 500)));
    // A merge chain A -> B -> C whose second link is retracted later, recorded over the years.
    const [a, b, c] = ['P-CHAIN-A', 'P-CHAIN-B', 'P-CHAIN-C'];
    const example = (type: string, personId: string, recordedAt: string, data?: Record<string, unknown>): NewEvent => ({
      ...EVENT_CATALOGUE[type as keyof typeof EVENT_CATALOGUE].example,
      eventId: randomUUID(),
      personId,
      occurredAt: recordedAt.slice(0, 10),
      recordedAt,
      ...(data ? { data } : {}),
    });
    const bIntoC = example('person.merged', b, '2022-01-01T09:00:00Z', { intoPersonId: c });
    await bus.execute(
      new RecordEventsCommand([
        ...[a, b, c].map((person) => example('person.registered', person, '2020-01-01T09:00:00Z')),
        example('conviction.recorded', a, '2020-02-01T09:00:00Z'),
        example('iom.adopted', a, '2020-02-02T09:00:00Z', { cohortId: 'chain-cohort', cohortType: 'fixed', reason: 'persistent offending' }),
        example('arrest.recorded', c, '2021-05-01T09:00:00Z'),
        example('conviction.recorded', b, '2020-03-01T09:00:00Z'),
        example('person.merged', a, '2021-01-01T09:00:00Z', { intoPersonId: b }),
        bIntoC,
        example('record.retracted', b, '2023-01-01T09:00:00Z', { targetEventId: bIntoC.eventId, reason: 'not the same person' }),
      ]),
    );
    facts = app.app.get(FactSource);
  }, 120_000);
  afterAll(() => app.close());

  it('has corrections, retractions and merges to resolve (or the comparison proves little)', async () => {
    const store = app.app.get<EventStore>(EVENT_STORE);
    for (const type of ['record.corrected', 'record.retracted', 'person.merged']) expect((await store.streamsWithTypes([type])).length).toBeGreaterThan(0);
  });

  const TYPE_SETS = [
    ['person.registered', 'custody.released', 'sentence.imposed', 'disposal.out-of-court', 'conviction.recorded'],
    ['mappa.registered', 'mappa.level-changed', 'mappa.category-changed', 'mappa.reviewed', 'mappa.deregistered', 'custody.received'],
    ['iom.adopted', 'iom.deselected', 'arrest.recorded', 'conviction.recorded', 'disposal.out-of-court'],
    ['person.merged', 'person.identifier-linked'],
  ];
  const INSTANTS = ['2013-03-31', '2016-07-01T12:00:00Z', '2019-10-27T00:30:00Z', '2021-06-01', '2022-03-27', '2024-12-31T23:59:59.999Z', '2026-10-31'];

  it('follows a merge chain as it stood at T, and not after its link was retracted', async () => {
    const convictions = async (asOf: string) =>
      (await facts.ofTypes(['conviction.recorded'], asOf)).filter((fact) => fact.originalPersonId.startsWith('P-CHAIN-')).map((f) => [f.originalPersonId, f.personId]);
    expect(await convictions('2020-12-31')).toEqual([['P-CHAIN-A', 'P-CHAIN-A'], ['P-CHAIN-B', 'P-CHAIN-B']]);
    expect(await convictions('2021-06-01')).toEqual([['P-CHAIN-A', 'P-CHAIN-B'], ['P-CHAIN-B', 'P-CHAIN-B']]);
    expect(await convictions('2022-06-01')).toEqual([['P-CHAIN-A', 'P-CHAIN-C'], ['P-CHAIN-B', 'P-CHAIN-C']]);
    expect(await convictions('2023-06-01')).toEqual([['P-CHAIN-A', 'P-CHAIN-B'], ['P-CHAIN-B', 'P-CHAIN-B']]);
  });

  it.each(INSTANTS)('equals the fold over every event known at %s, for each report\'s types', async (asOf) => {
    for (const types of TYPE_SETS) {
      const folded = await facts.ofTypesFolded(types, asOf);
      expect(await facts.ofTypes(types, asOf)).toEqual(folded);
    }
  });

  const IOM_TYPES = ['iom.adopted', 'iom.deselected', 'arrest.recorded', 'conviction.recorded', 'disposal.out-of-court'];
  const REOFFENDING_TYPES = ['person.registered', 'custody.released', 'sentence.imposed', 'disposal.out-of-court', 'conviction.recorded'];

  it.each(INSTANTS)('answers reoffending as known at %s as the fold over every event does', async (asOf) => {
    const queries = app.app.get(QueryBus);
    const folded = await facts.ofTypesFolded(REOFFENDING_TYPES, asOf);
    for (const [from, to] of [['2014-01-01', '2014-04-01'], ['2018-04-01', '2019-04-01'], ['2021-01-01', '2023-01-01']]) {
      for (const by of [undefined, 'gender', 'age'] as const) {
        expect(await queries.execute(new ReoffendingQuery(from, to, by, { asOf }))).toEqual(provenReoffending(folded, from, to, { by }));
      }
    }
  });

  it('counts as known at T a reoffence proven by a caution given after the period (only custody releases and sentences matter in the period alone)', async () => {
    const person = `P-CAUTIONED-${randomUUID()}`;
    const at = (type: string, day: string, data: Record<string, unknown>): NewEvent => ({
      ...EVENT_CATALOGUE[type as keyof typeof EVENT_CATALOGUE].example,
      eventId: randomUUID(),
      personId: person,
      occurredAt: day,
      recordedAt: `${day}T12:00:00Z`,
      data,
    });
    await app.app.get(CommandBus).execute(
      new RecordEventsCommand([
        { ...EVENT_CATALOGUE['person.registered'].example, eventId: randomUUID(), personId: person, occurredAt: '2017-01-01', recordedAt: '2017-01-01T12:00:00Z' },
        at('conviction.recorded', '2018-01-10', { convictionId: 'CONV-C1', court: 'Southampton Magistrates', offences: [{ offenceId: 'OFF-C1', offenceDate: '2017-12-01', category: 'theft' }] }),
        at('sentence.imposed', '2018-01-15', { sentenceId: 'SEN-C1', convictionId: 'CONV-C1', sentenceType: 'community-order' }),
        at('disposal.out-of-court', '2018-06-10', { disposalId: 'OOCD-C2', disposalType: 'conditional-caution', offences: [{ offenceId: 'OFF-C2', offenceDate: '2018-05-01', category: 'criminal-damage' }] }),
      ]),
    );
    const [from, to, asOf] = ['2018-01-01', '2018-04-01', '2019-12-31'];
    const folded = await facts.ofTypesFolded(REOFFENDING_TYPES, asOf);
    // Indexed by the sentence in the period, reoffended by the offence the later caution proves.
    expect(provenReoffending(folded.filter((fact) => fact.personId === person), from, to)).toMatchObject({ offenders: 1, reoffenders: 1, reoffences: 1 });
    const queries = app.app.get(QueryBus);
    for (const by of [undefined, 'age'] as const) {
      expect(await queries.execute(new ReoffendingQuery(from, to, by, { asOf }))).toEqual(provenReoffending(folded, from, to, { by }));
    }
  });

  it.each(INSTANTS)('answers every IOM cohort\'s progress as known at %s as the fold over every event does', async (asOf) => {
    const queries = app.app.get(QueryBus);
    const folded = await facts.ofTypesFolded(IOM_TYPES, asOf);
    const cohorts = iomCohorts(folded).map((cohort) => cohort.cohortId);
    for (const cohortId of cohorts) {
      const at = asOf.slice(0, 10);
      expect(await queries.execute(new IomCohortProgressQuery(cohortId, at, { asOf }))).toEqual(iomCohortProgress(folded, cohortId, at));
    }
  });

  it('counts a cohort member reached through a merge chain with the facts of the person at its end', async () => {
    const queries = app.app.get(QueryBus);
    const progress = await queries.execute(new IomCohortProgressQuery('chain-cohort', '2022-06-01', { asOf: '2022-06-01' }));
    expect(progress).toEqual(iomCohortProgress(await facts.ofTypesFolded(IOM_TYPES, '2022-06-01'), 'chain-cohort', '2022-06-01'));
    expect(JSON.stringify(progress)).toContain('P-CHAIN-C');
  });

  it('counts a cohort member whose merge was corrected, and corrected back, with the facts of whoever it pointed to at T', async () => {
    const [x, y, z] = ['X', 'Y', 'Z'].map((name) => `P-MOVED-${name}-${randomUUID()}`);
    const cohortId = `moved-merge-${randomUUID()}`;
    const at = (type: string, personId: string, day: string, data?: Record<string, unknown>): NewEvent => ({
      ...EVENT_CATALOGUE[type as keyof typeof EVENT_CATALOGUE].example,
      eventId: randomUUID(),
      personId,
      occurredAt: day,
      recordedAt: `${day}T12:00:00Z`,
      ...(data ? { data } : {}),
    });
    const merge = at('person.merged', z, '2021-01-01', { intoPersonId: x });
    const correctedTo = (into: string, day: string) => at('record.corrected', z, day, { targetEventId: merge.eventId, reason: 'merged wrongly', data: { intoPersonId: into } });
    await app.app.get(CommandBus).execute(
      new RecordEventsCommand([
        ...[x, y, z].map((person) => at('person.registered', person, '2019-01-01')),
        at('iom.adopted', z, '2020-01-01', { cohortId, cohortType: 'fixed', reason: 'persistent offending' }),
        at('arrest.recorded', x, '2020-03-01'),
        at('arrest.recorded', y, '2020-04-01'),
        at('arrest.recorded', y, '2020-05-01'),
        merge,
        correctedTo(y, '2022-01-01'),
        correctedTo(x, '2023-01-01'),
      ]),
    );
    const queries = app.app.get(QueryBus);
    const members = new Map<string, string>();
    for (const asOf of ['2020-06-01', '2021-06-01', '2022-06-01', '2023-06-01']) {
      const progress = await queries.execute(new IomCohortProgressQuery(cohortId, asOf, { asOf }));
      expect(progress).toEqual(iomCohortProgress(await facts.ofTypesFolded(IOM_TYPES, asOf), cohortId, asOf));
      members.set(asOf, progress.members.map((member: { personId: string }) => member.personId).join());
    }
    // Z alone, then X, then Y (whom the read model, now saying X again, would not have picked), then X.
    expect([...members.values()]).toEqual([z, x, y, x]);
  });
});
