/**
 * The event catalogue: the ONE place that lists every event type (interchange.md), with the class
 * its `data` must satisfy, a one-line summary, its personal-data fields and a valid example.
 * Everything else (validation, JSON Schema, documentation, tests) is generated from this list.
 */
import type { NewEvent } from './envelope';
import * as events from './events';
import { personalFieldsOf } from './validation/field-decorators';

export interface CatalogueEntry {
  /** The class-validator class of the event's `data`. */
  dataClass: new () => object;
  summary: string;
  /**
   * Paths, relative to `data`, of the fields to encrypt per person. They also accept
   * `{"$enc": "..."}` in place of their value. (A record.corrected of a person.registered carries
   * the same fields under `data.data`: its target's type decides.)
   */
  personalDataPaths: string[];
  /** A valid event of this type; together, in catalogue order, the examples form one valid stream. */
  example: NewEvent;
}

const EXAMPLE_PERSON = 'P-000123';

/** Examples use fixed UUIDs so the correction and retraction examples can name their targets. */
function exampleEventId(n: number): string {
  return `6f1c2a3b-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

const ARREST_EXAMPLE_ID = exampleEventId(4);
const BREACH_EXAMPLE_ID = exampleEventId(15);

function entry(
  dataClass: new () => object,
  summary: string,
  example: Pick<NewEvent, 'occurredAt' | 'source' | 'data'> & { n: number; type: string },
): CatalogueEntry {
  const { n, ...rest } = example;
  return {
    dataClass,
    summary,
    personalDataPaths: personalFieldsOf(dataClass),
    example: {
      eventId: exampleEventId(n),
      personId: EXAMPLE_PERSON,
      area: 'hampshire-iow',
      recordedBy: 'example.writer',
      ...rest,
    },
  };
}

const offence = {
  offenceId: 'OFF-2021-0042',
  offenceDate: '2021-11-02',
  code: 'TH68001',
  description: 'Theft from the person',
  category: 'theft',
};

const ENTRIES = {
  'person.registered': entry(events.PersonRegisteredData, 'A person enters the ledger: the first event of every stream', {
    n: 1,
    type: 'person.registered',
    occurredAt: '2019-03-04',
    source: { system: 'ndelius', reference: 'X123456' },
    data: {
      identifiers: [
        { type: 'pnc', value: '2019/0123456A' },
        { type: 'crn', value: 'X123456' },
      ],
      dateOfBirth: '1994-07-15',
      gender: 'male',
      name: 'Daniel Example',
    },
  }),
  'person.identifier-linked': entry(events.PersonIdentifierLinkedData, 'Another system’s identifier is linked to the person', {
    n: 2,
    type: 'person.identifier-linked',
    occurredAt: '2019-03-05T09:12:00Z',
    source: { system: 'nomis', reference: 'A1234BC' },
    data: { identifier: { type: 'noms', value: 'A1234BC' } },
  }),
  'person.merged': entry(events.PersonMergedData, 'This record is a duplicate of another person, who stands for it in every report', {
    n: 3,
    type: 'person.merged',
    occurredAt: '2019-04-01',
    source: { system: 'ndelius', reference: 'MERGE-881' },
    data: { intoPersonId: 'P-000045' },
  }),
  'arrest.recorded': entry(events.ArrestRecordedData, 'The person was arrested for one or more offences', {
    n: 4,
    type: 'arrest.recorded',
    occurredAt: '2021-11-03T02:40:00Z',
    source: { system: 'pnc', reference: 'ARR/21/77123' },
    data: { arrestId: 'ARR-21-77123', force: 'hampshire', offences: [offence] },
  }),
  'charge.recorded': entry(events.ChargeRecordedData, 'The person was charged with offences already recorded', {
    n: 5,
    type: 'charge.recorded',
    occurredAt: '2021-11-03T15:00:00Z',
    source: { system: 'pnc' },
    data: { offenceIds: ['OFF-2021-0042'] },
  }),
  'disposal.out-of-court': entry(events.DisposalOutOfCourtData, 'An out-of-court disposal (cautions prove the offence; others do not)', {
    n: 6,
    type: 'disposal.out-of-court',
    occurredAt: '2020-06-12',
    source: { system: 'pnc', reference: 'OOCD/20/1188' },
    data: {
      disposalId: 'OOCD-20-1188',
      disposalType: 'conditional-caution',
      offences: [{ offenceId: 'OFF-2020-0007', offenceDate: '2020-05-30', category: 'criminal-damage' }],
    },
  }),
  'conviction.recorded': entry(events.ConvictionRecordedData, 'A court convicted the person: the offences are proven on this date', {
    n: 7,
    type: 'conviction.recorded',
    occurredAt: '2022-01-20',
    source: { system: 'court', reference: 'T20227001' },
    data: { convictionId: 'CONV-22-7001', court: 'Portsmouth Crown Court', offences: [offence] },
  }),
  'sentence.imposed': entry(events.SentenceImposedData, 'A sentence imposed on conviction', {
    n: 8,
    type: 'sentence.imposed',
    occurredAt: '2022-02-17',
    source: { system: 'court', reference: 'T20227001' },
    data: {
      sentenceId: 'SEN-22-7001',
      convictionId: 'CONV-22-7001',
      sentenceType: 'custody',
      lengthDays: 548,
      requirements: ['drug-rehabilitation'],
    },
  }),
  'custody.received': entry(events.CustodyReceivedData, 'Received into prison custody', {
    n: 9,
    type: 'custody.received',
    occurredAt: '2022-02-17T16:30:00Z',
    source: { system: 'nomis' },
    data: { reason: 'sentence', establishment: 'HMP Winchester' },
  }),
  'custody.released': entry(events.CustodyReleasedData, 'Released from prison custody', {
    n: 10,
    type: 'custody.released',
    occurredAt: '2022-09-01T08:00:00+01:00',
    source: { system: 'nomis' },
    data: { releaseType: 'licence', establishment: 'HMP Winchester' },
  }),
  'licence.started': entry(events.LicenceStartedData, 'Supervision on licence begins', {
    n: 11,
    type: 'licence.started',
    occurredAt: '2022-09-01',
    source: { system: 'ndelius' },
    data: {
      licenceId: 'LIC-22-3310',
      sentenceId: 'SEN-22-7001',
      expiresOn: '2023-08-17',
      conditions: [{ code: 'RES', description: 'Reside at an address approved by the probation officer' }],
    },
  }),
  'licence.varied': entry(events.LicenceVariedData, 'The licence conditions were varied (the new complete set)', {
    n: 12,
    type: 'licence.varied',
    occurredAt: '2022-11-14',
    source: { system: 'ndelius' },
    data: {
      licenceId: 'LIC-22-3310',
      conditions: [
        { code: 'RES', description: 'Reside at an address approved by the probation officer' },
        { code: 'EXC', description: 'Not to enter Southsea without prior approval' },
      ],
    },
  }),
  'licence.ended': entry(events.LicenceEndedData, 'The licence ended, by expiry or revocation', {
    n: 13,
    type: 'licence.ended',
    occurredAt: '2023-08-17',
    source: { system: 'ndelius' },
    data: { licenceId: 'LIC-22-3310', reason: 'expired' },
  }),
  'recall.initiated': entry(events.RecallInitiatedData, 'Recall to custody was initiated', {
    n: 14,
    type: 'recall.initiated',
    occurredAt: '2023-01-09',
    source: { system: 'ndelius' },
    data: { recallType: 'fixed-term-28', reason: 'breach-of-conditions' },
  }),
  'breach.recorded': entry(events.BreachRecordedData, 'A breach of an order or of notification requirements', {
    n: 15,
    type: 'breach.recorded',
    occurredAt: '2023-01-06',
    source: { system: 'ndelius' },
    data: { order: 'licence', outcome: 'Recalled' },
  }),
  'mappa.registered': entry(events.MappaRegisteredData, 'Registered for MAPPA management at a category and level', {
    n: 16,
    type: 'mappa.registered',
    occurredAt: '2023-05-10',
    source: { system: 'visor', reference: 'V-88123' },
    data: { category: 2, level: 2, leadAgency: 'probation' },
  }),
  'mappa.level-changed': entry(events.MappaLevelChangedData, 'The MAPPA management level changed', {
    n: 17,
    type: 'mappa.level-changed',
    occurredAt: '2023-08-01',
    source: { system: 'visor' },
    data: { level: 3, reason: 'Escalating risk to a known adult' },
  }),
  'mappa.category-changed': entry(events.MappaCategoryChangedData, 'The MAPPA category changed', {
    n: 18,
    type: 'mappa.category-changed',
    occurredAt: '2023-09-01',
    source: { system: 'visor' },
    data: { category: 3 },
  }),
  'mappa.reviewed': entry(events.MappaReviewedData, 'A MAPPA meeting reviewed the case and confirmed its level', {
    n: 19,
    type: 'mappa.reviewed',
    occurredAt: '2023-10-20',
    source: { system: 'visor' },
    data: { level: 3, nextReviewDue: '2023-12-15' },
  }),
  'mappa.deregistered': entry(events.MappaDeregisteredData, 'MAPPA management ended', {
    n: 20,
    type: 'mappa.deregistered',
    occurredAt: '2024-05-10',
    source: { system: 'visor' },
    data: { reason: 'Licence and notification period ended' },
  }),
  'risk.rosh-assessed': entry(events.RiskRoshAssessedData, 'Risk of serious harm assessed', {
    n: 21,
    type: 'risk.rosh-assessed',
    occurredAt: '2023-04-28',
    source: { system: 'oasys' },
    data: { level: 'high', tool: 'oasys' },
  }),
  'needs.assessed': entry(events.NeedsAssessedData, 'Criminogenic needs assessed', {
    n: 22,
    type: 'needs.assessed',
    occurredAt: '2023-04-28',
    source: { system: 'oasys' },
    data: { tool: 'oasys', needs: ['accommodation', 'drugs', 'thinking-behaviour'] },
  }),
  'iom.adopted': entry(events.IomAdoptedData, 'Adopted onto a police IOM cohort', {
    n: 23,
    type: 'iom.adopted',
    occurredAt: '2022-04-01',
    source: { system: 'manual' },
    data: { cohortId: 'iow-2022-q2', cohortType: 'fixed', reason: 'Persistent neighbourhood crime (theft)' },
  }),
  'iom.deselected': entry(events.IomDeselectedData, 'Deselected from an IOM cohort', {
    n: 24,
    type: 'iom.deselected',
    occurredAt: '2024-04-01',
    source: { system: 'manual' },
    data: { cohortId: 'iow-2022-q2', reason: 'Two-year tracking period complete' },
  }),
  'intervention.referred': entry(events.InterventionReferredData, 'Referred to an intervention on a pathway', {
    n: 25,
    type: 'intervention.referred',
    occurredAt: '2022-09-05',
    source: { system: 'ndelius' },
    data: { interventionId: 'INT-22-501', pathway: 'accommodation', programme: 'Supported housing' },
  }),
  'intervention.started': entry(events.InterventionStartedData, 'An intervention started', {
    n: 26,
    type: 'intervention.started',
    occurredAt: '2022-09-19',
    source: { system: 'ndelius' },
    data: { interventionId: 'INT-22-501', pathway: 'accommodation', programme: 'Supported housing' },
  }),
  'intervention.completed': entry(events.InterventionCompletedData, 'An intervention was completed', {
    n: 27,
    type: 'intervention.completed',
    occurredAt: '2023-03-17',
    source: { system: 'ndelius' },
    data: { interventionId: 'INT-22-501', pathway: 'accommodation', programme: 'Supported housing' },
  }),
  'intervention.withdrawn': entry(events.InterventionWithdrawnData, 'The person was withdrawn from an intervention', {
    n: 28,
    type: 'intervention.withdrawn',
    occurredAt: '2023-02-02',
    source: { system: 'ndelius' },
    data: { interventionId: 'INT-22-502', pathway: 'drugs-alcohol', programme: 'Building Skills for Recovery' },
  }),
  'rj.referred': entry(events.RjReferredData, 'Referred to a restorative justice service', {
    n: 29,
    type: 'rj.referred',
    occurredAt: '2022-03-01',
    source: { system: 'rj-service', reference: 'RJ-0931' },
    data: { rjCaseId: 'RJ-0931', offenceIds: ['OFF-2021-0042'] },
  }),
  'rj.conference.held': entry(events.RjConferenceHeldData, 'A restorative justice conference with the offender and at least one victim', {
    n: 30,
    type: 'rj.conference.held',
    occurredAt: '2022-05-11',
    source: { system: 'rj-service', reference: 'RJ-0931' },
    data: {
      rjCaseId: 'RJ-0931',
      participants: [{ role: 'offender' }, { role: 'victim' }, { role: 'victim-supporter' }, { role: 'facilitator' }],
      outcomeAgreement: 'Written apology; 20 hours of reparation',
    },
  }),
  'rj.outcome-completed': entry(events.RjOutcomeCompletedData, 'The RJ outcome agreement was completed', {
    n: 31,
    type: 'rj.outcome-completed',
    occurredAt: '2022-08-30',
    source: { system: 'rj-service', reference: 'RJ-0931' },
    data: { rjCaseId: 'RJ-0931' },
  }),
  'record.corrected': entry(events.RecordCorrectedData, 'Supersedes an earlier event’s data (and occurredAt) in the same stream', {
    n: 32,
    type: 'record.corrected',
    occurredAt: '2021-11-10T11:00:00Z',
    source: { system: 'manual' },
    data: {
      targetEventId: ARREST_EXAMPLE_ID,
      reason: 'Offence category keyed as theft; it was robbery',
      data: { arrestId: 'ARR-21-77123', force: 'hampshire', offences: [{ ...offence, category: 'robbery' }] },
      occurredAt: '2021-11-03T01:40:00Z',
    },
  }),
  'record.retracted': entry(events.RecordRetractedData, 'Says an earlier event in the same stream was recorded in error', {
    n: 33,
    type: 'record.retracted',
    occurredAt: '2023-01-10',
    source: { system: 'manual' },
    data: { targetEventId: BREACH_EXAMPLE_ID, reason: 'Breach recorded against the wrong person' },
  }),
} satisfies Record<string, CatalogueEntry>;

export type EventType = keyof typeof ENTRIES;

export const EVENT_CATALOGUE: Readonly<Record<EventType, CatalogueEntry>> = ENTRIES;

export const EVENT_TYPES: readonly EventType[] = Object.freeze(Object.keys(ENTRIES) as EventType[]);

export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ENTRIES, value);
}
