import { groupByPerson } from './chronology';
import { History } from './history.fixture';
import { provenOffences } from './offences';
import { resolveHistory } from './resolve-history';

function provenFor(h: History, personId: string, asOf?: string) {
  const events = groupByPerson(resolveHistory(h.events, { asOf })).get(personId) ?? [];
  return Object.fromEntries([...provenOffences(events)].map(([id, offence]) => [id, [offence.offenceDate, offence.provenOn]]));
}

describe('provenOffences', () => {
  it('proves by conviction or caution, not by arrest, community resolution or penalty notice', () => {
    const h = new History();
    h.arrest('p1', '2024-01-02', [['arrested', '2024-01-01']]);
    h.disposal('p1', '2024-02-01', 'community-resolution', [['resolved', '2024-01-20']]);
    h.disposal('p1', '2024-02-02', 'penalty-notice', [['pnd', '2024-01-21']]);
    h.disposal('p1', '2024-02-03', 'youth-conditional-caution', [['cautioned', '2024-01-22']]);
    h.conviction('p1', '2024-02-04', [['convicted', '2024-01-23']]);
    expect(provenFor(h, 'p1')).toEqual({
      cautioned: ['2024-01-22', '2024-02-03'],
      convicted: ['2024-01-23', '2024-02-04'],
    });
  });

  it('uses the first proving event to happen, with the offence date it states, even when recorded last', () => {
    const h = new History();
    h.arrest('p1', '2024-01-02', [['o1', '2024-01-01']]);
    h.conviction('p1', '2024-06-01', [['o1', '2024-01-01']]); // appeal re-conviction
    // A late PNC result: the first conviction, recorded after the second, with a corrected offence date.
    h.conviction('p1', '2024-03-01', [['o1', '2023-12-31']], { recordedAt: '2024-07-01T00:00:00Z' });
    expect(provenFor(h, 'p1', '2024-06-30T00:00:00Z')).toEqual({ o1: ['2024-01-01', '2024-06-01'] });
    expect(provenFor(h, 'p1')).toEqual({ o1: ['2023-12-31', '2024-03-01'] });
  });

  it('dates the proof by the London date of the proving instant', () => {
    const h = new History();
    h.conviction('p1', '2024-06-30T23:30:00Z', [['o1', '2024-05-01']]);
    expect(provenFor(h, 'p1')).toEqual({ o1: ['2024-05-01', '2024-07-01'] });
  });
});
