import type { StoredEvent } from '@ledger/domain/envelope';
import { buildTimeline } from '@ledger/projections';
import { chronologyPack } from './chronology-pack';

let position = 0;
function stored(type: string, occurredAt: string, recordedAt: string, data: Record<string, unknown>, extra: Partial<StoredEvent> = {}): StoredEvent {
  position += 1;
  return {
    position,
    version: position,
    eventId: `e-${position}`,
    type,
    personId: 'P-1',
    occurredAt,
    recordedAt,
    area: 'hampshire-iow',
    recordedBy: 'pc.smith',
    source: { system: 'pnc', reference: `ref-${position}` },
    data,
    hash: `h${position}`,
    previousHash: null,
    ...extra,
  };
}

const burglary = (date: string) => ({ offenceId: 'O-1', offenceDate: date, category: 'burglary', description: 'Burglary dwelling' });

describe('chronologyPack', () => {
  const registered = stored('person.registered', '2023-01-01', '2023-01-02T10:00:00Z', { identifiers: [], dateOfBirth: '1990-01-01', gender: 'male' });
  // Recorded with the wrong date (10 March), corrected on 1 June to 5 March.
  const arrest = stored('arrest.recorded', '2024-03-10T09:00:00Z', '2024-03-11T09:00:00Z', { arrestId: 'A-1', offences: [burglary('2024-03-09')] });
  const correction = stored('record.corrected', '2024-06-01T09:00:00Z', '2024-06-01T09:00:00Z', {
    targetEventId: arrest.eventId,
    reason: 'Wrong date keyed',
    occurredAt: '2024-03-05T09:00:00Z',
    data: { arrestId: 'A-1', offences: [burglary('2024-03-04')] },
  }, { recordedBy: 'analyst.jones' });
  // A late PNC result: happened in April, learned in August.
  const late = stored('conviction.recorded', '2024-04-20', '2024-08-15T12:00:00Z', { convictionId: 'C-1', court: 'Portsmouth', offences: [burglary('2024-03-04')] });
  const mistaken = stored('breach.recorded', '2024-05-01', '2024-05-02T08:00:00Z', { order: 'licence' }, { source: { system: 'ndelius' } });
  const retraction = stored('record.retracted', '2024-07-01T08:00:00Z', '2024-07-01T08:00:00Z', { targetEventId: mistaken.eventId, reason: 'Wrong person' });
  const timeline = buildTimeline('P-1', [registered, arrest, correction, late, mistaken, retraction]);

  it('keeps the entries that happened between from and to (inclusive), in the order they happened', () => {
    const pack = chronologyPack(timeline, { from: '2024-03-05', to: '2024-04-20' });
    // The arrest counts on its corrected date (5 March); the conviction on 20 April; registration and the 1 May breach fall outside.
    expect(pack.entries.map((entry) => [entry.occurredOn, entry.type])).toEqual([
      ['2024-03-05', 'arrest.recorded'],
      ['2024-04-20', 'conviction.recorded'],
    ]);
  });

  it('states what happened, the source system, who recorded it and when, and the later correction', () => {
    const [arrestEntry] = chronologyPack(timeline, { from: '2024-03-01', to: '2024-03-31' }).entries;
    expect(arrestEntry).toMatchObject({
      what: 'Arrested: Burglary dwelling (offence O-1, committed 2024-03-04)',
      originallyRecorded: { occurredOn: '2024-03-10', what: 'Arrested: Burglary dwelling (offence O-1, committed 2024-03-09)' },
      sourceSystem: 'pnc',
      recordedBy: 'pc.smith',
      recordedAt: '2024-03-11T09:00:00Z',
      corrections: [{ recordedAt: '2024-06-01T09:00:00Z', recordedBy: 'analyst.jones', reason: 'Wrong date keyed', retracted: false }],
    });
  });

  it('keeps retracted entries, flagged with the retraction', () => {
    const breach = chronologyPack(timeline).entries.find((entry) => entry.type === 'breach.recorded');
    expect(breach?.retraction).toEqual({ recordedAt: '2024-07-01T08:00:00Z', recordedBy: 'pc.smith', reason: 'Wrong person' });
  });

  it('marks, for each known-at date, whether the entry was on record then and in its present form', () => {
    const pack = chronologyPack(timeline, { from: '2024-03-01', to: '2024-05-31', knownAt: ['2024-09-01', '2024-05-15'] });
    const states = Object.fromEntries(pack.entries.map((entry) => [entry.type, entry.knownAt.map((marker) => `${marker.date}:${marker.state}`)]));
    expect(pack.knownAt).toEqual(['2024-05-15', '2024-09-01']);
    expect(states).toEqual({
      // On 15 May the arrest was on record with its wrong date (corrected 1 June); by 1 September as now.
      'arrest.recorded': ['2024-05-15:corrected-later', '2024-09-01:known'],
      // The conviction was only learned on 15 August.
      'conviction.recorded': ['2024-05-15:not-recorded', '2024-09-01:known'],
      // The breach was on record on 15 May and retracted on 1 July.
      'breach.recorded': ['2024-05-15:retracted-later', '2024-09-01:known'],
    });
  });
});
