import { History } from './history.fixture';
import { resolveHistory } from './resolve-history';

const ids = (events: { eventId: string }[]) => events.map((event) => event.eventId);

describe('resolveHistory', () => {
  it('gives each event its London date', () => {
    const h = new History();
    h.arrest('p1', '2024-06-30T23:30:00Z');
    expect(resolveHistory(h.events)[0].occurredDate).toBe('2024-07-01'); // 00:30 BST
  });

  it('keeps only what was recorded by asOf, late records included once known', () => {
    const h = new History();
    const early = h.arrest('p1', '2024-01-10');
    // A late PNC result: happened before the first arrest, recorded months later.
    const late = h.conviction('p1', '2024-01-05', [['o1', '2024-01-01']], { recordedAt: '2024-05-01T09:00:00Z' });
    expect(ids(resolveHistory(h.events, { asOf: '2024-04-30T23:59:59Z' }))).toEqual([early.eventId]);
    expect(ids(resolveHistory(h.events, { asOf: '2024-05-01T09:00:00Z' }))).toEqual([early.eventId, late.eventId]);
    // A bare date means the end of that London day.
    expect(ids(resolveHistory(h.events, { asOf: '2024-05-01' }))).toEqual([early.eventId, late.eventId]);
    expect(ids(resolveHistory(h.events, { asOf: '2024-04-30' }))).toEqual([early.eventId]);
  });

  it('applies the latest correction by recordedAt, to data and to occurredAt', () => {
    const h = new History();
    const arrest = h.arrest('p1', '2024-01-10', [['o1', '2024-01-09']]);
    h.correct(arrest, '2024-03-01T10:00:00Z', { data: { arrestId: 'a', offences: [], force: 'second' }, occurredAt: '2024-01-08' });
    // Imported later (higher position) but recorded earlier: superseded by the correction above.
    h.correct(arrest, '2024-02-01T10:00:00Z', { data: { arrestId: 'a', offences: [], force: 'first' } });

    const beforeAny = resolveHistory(h.events, { asOf: '2024-01-31T00:00:00Z' });
    expect(beforeAny).toHaveLength(1);
    expect(beforeAny[0]).toMatchObject({ occurredDate: '2024-01-10', corrected: false, data: { offences: [{ offenceId: 'o1' }] } });

    const afterFirst = resolveHistory(h.events, { asOf: '2024-02-15T00:00:00Z' });
    expect(afterFirst[0]).toMatchObject({ occurredDate: '2024-01-10', corrected: true, data: { force: 'first' } });

    const now = resolveHistory(h.events);
    expect(now).toHaveLength(1); // the corrections themselves are not facts
    expect(now[0]).toMatchObject({ eventId: arrest.eventId, occurredAt: '2024-01-08', occurredDate: '2024-01-08', corrected: true, data: { force: 'second' } });
  });

  it('drops retracted events from the time the retraction is known; a retracted correction no longer applies', () => {
    const h = new History();
    const arrest = h.arrest('p1', '2024-01-10');
    const other = h.arrest('p1', '2024-01-11');
    const correction = h.correct(other, '2024-02-01T00:00:00Z', { occurredAt: '2024-01-12' });
    h.retract(arrest, '2024-03-01T00:00:00Z');
    h.retract(correction, '2024-04-01T00:00:00Z');

    expect(ids(resolveHistory(h.events, { asOf: '2024-02-28T00:00:00Z' }))).toEqual([arrest.eventId, other.eventId]);
    expect(resolveHistory(h.events, { asOf: '2024-03-15T00:00:00Z' })).toEqual([expect.objectContaining({ eventId: other.eventId, occurredDate: '2024-01-12' })]);
    expect(resolveHistory(h.events)).toEqual([expect.objectContaining({ eventId: other.eventId, occurredDate: '2024-01-11', corrected: false })]);
  });

  it('moves a merged person\'s events to the surviving person, following chains, once the merge is known', () => {
    const h = new History();
    const x = h.arrest('X', '2024-01-10');
    const y = h.arrest('Y', '2024-01-11');
    h.merge('X', 'Y', '2024-02-01T00:00:00Z');
    h.merge('Y', 'Z', '2024-03-01T00:00:00Z');
    const person = (asOf?: string) => resolveHistory(h.events, { asOf }).filter((e) => e.type === 'arrest.recorded').map((e) => [e.originalPersonId, e.personId]);

    expect(person('2024-01-31T00:00:00Z')).toEqual([['X', 'X'], ['Y', 'Y']]);
    expect(person('2024-02-15T00:00:00Z')).toEqual([['X', 'Y'], ['Y', 'Y']]);
    expect(person()).toEqual([['X', 'Z'], ['Y', 'Z']]);
    expect(ids(resolveHistory(h.events).filter((e) => e.type === 'arrest.recorded'))).toEqual([x.eventId, y.eventId]);
  });

  it('does not apply a retracted merge', () => {
    const h = new History();
    h.arrest('X', '2024-01-10');
    const merge = h.merge('X', 'Y', '2024-02-01T00:00:00Z');
    h.retract(merge, '2024-03-01T00:00:00Z');
    expect(resolveHistory(h.events, { asOf: '2024-02-15T00:00:00Z' })[0].personId).toBe('Y');
    expect(resolveHistory(h.events)[0].personId).toBe('X');
  });

  it('gives every member of a merge cycle (bad data) the same person', () => {
    const h = new History();
    h.arrest('A', '2024-01-10');
    h.arrest('B', '2024-01-10');
    h.merge('A', 'B', '2024-02-01T00:00:00Z');
    h.merge('B', 'A', '2024-02-02T00:00:00Z');
    const people = new Set(resolveHistory(h.events).map((e) => e.personId));
    expect([...people]).toEqual(['A']); // the smallest id of the cycle
  });
});
