import { randomUUID } from 'node:crypto';

/**
 * A small, hand-checkable story for the pages' end-to-end test, all in hampshire-iow, recorded
 * with back-dated recordedAt (as a bulk import of history would) so "as known at" has a past:
 *
 * P-PAGES-1, adopted onto IOM-TEST on 2024-01-15 by decision:
 *   arrests 2023-08-01, 2023-11-20, 2024-01-10 (before adoption) and one recorded for 2024-03-01,
 *   recorded 2024-03-02, corrected on 2024-06-01 to 2024-02-20 ("wrong date keyed");
 *   convicted 2024-04-01 (recorded 2024-04-02) of the offence of 2024-01-09.
 * P-PAGES-2, adopted automatically on 2024-04-01 (MAPPA category 2, level 2 since 2024-03-20):
 *   arrested 2024-05-10.
 */
export const AREA = 'hampshire-iow';
export const COHORT = 'IOM-TEST';
export const PERSON_1 = 'P-PAGES-1';
export const PERSON_2 = 'P-PAGES-2';
export const CORRECTED_ARREST_ID = randomUUID();

const offence = (offenceId: string, offenceDate: string) => ({ offenceId, offenceDate, category: 'burglary', description: 'Burglary dwelling' });

function event(personId: string, type: string, occurredAt: string, recordedAt: string, data: Record<string, unknown>, eventId: string = randomUUID()) {
  const system = type.startsWith('iom.') || type.startsWith('mappa.') ? 'ndelius' : 'pnc';
  return { eventId, type, personId, occurredAt, recordedAt, area: AREA, source: { system, reference: `${system}-${eventId.slice(0, 6)}` }, recordedBy: `${system}.feed`, data };
}

const arrest = (personId: string, on: string, recordedAt: string, eventId?: string) =>
  event(personId, 'arrest.recorded', on, recordedAt, { arrestId: `A-${personId}-${on}`, force: 'hampshire', offences: [offence(`O-${personId}-${on}`, on)] }, eventId);

export function cohortStory() {
  return [
    event(PERSON_1, 'person.registered', '2020-05-01', '2020-05-02T09:00:00Z', { identifiers: [{ type: 'pnc', value: '2020/0000001A' }], dateOfBirth: '1990-02-03', gender: 'male' }),
    arrest(PERSON_1, '2023-08-01', '2023-08-01T18:00:00Z'),
    arrest(PERSON_1, '2023-11-20', '2023-11-20T18:00:00Z'),
    arrest(PERSON_1, '2024-01-10', '2024-01-10T18:00:00Z'),
    event(PERSON_1, 'iom.adopted', '2024-01-15', '2024-01-15T12:00:00Z', { cohortId: COHORT, cohortType: 'fixed', reason: 'Neighbourhood crime: persistent burglary' }),
    arrest(PERSON_1, '2024-03-01', '2024-03-02T10:00:00Z', CORRECTED_ARREST_ID),
    event(PERSON_1, 'conviction.recorded', '2024-04-01', '2024-04-02T10:00:00Z', { convictionId: 'CV-1', court: 'Portsmouth Magistrates', offences: [offence(`O-${PERSON_1}-2024-01-10`, '2024-01-09')] }),
    event(PERSON_1, 'record.corrected', '2024-06-01T09:00:00Z', '2024-06-01T09:00:00Z', {
      targetEventId: CORRECTED_ARREST_ID,
      reason: 'Wrong date keyed',
      occurredAt: '2024-02-20',
      data: { arrestId: `A-${PERSON_1}-2024-03-01`, force: 'hampshire', offences: [offence(`O-${PERSON_1}-2024-03-01`, '2024-02-20')] },
    }),
    event(PERSON_2, 'person.registered', '2021-01-01', '2021-01-02T09:00:00Z', { identifiers: [{ type: 'pnc', value: '2021/0000002B' }], dateOfBirth: '1985-06-07', gender: 'female' }),
    event(PERSON_2, 'mappa.registered', '2024-03-20', '2024-03-20T12:00:00Z', { category: 2, level: 2, leadAgency: 'probation' }),
    event(PERSON_2, 'iom.adopted', '2024-04-01', '2024-04-01T12:00:00Z', { cohortId: COHORT, cohortType: 'fixed', reason: 'Automatic: MAPPA category 2 managed at level 2' }),
    arrest(PERSON_2, '2024-05-10', '2024-05-10T18:00:00Z'),
  ];
}
