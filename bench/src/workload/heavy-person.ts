import { randomUUID } from 'node:crypto';
import type { NewEvent } from '@ledger/domain/envelope';

const DAY_MS = 86_400_000;
const FIRST_OFFENCE_MS = Date.UTC(2015, 0, 5, 10, 0, 0);

/**
 * One person with exactly `events` events (the timeline figure needs a long chronology): a
 * `person.registered`, then offence after offence, each arrested, charged and convicted, the
 * shapes of the catalogue's examples. Occurred and recorded a few days apart, all in the past.
 */
export function* heavyPerson(personId: string, area: string, events: number): Generator<NewEvent> {
  const at = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
  yield {
    eventId: randomUUID(),
    type: 'person.registered',
    personId,
    occurredAt: at(FIRST_OFFENCE_MS - DAY_MS),
    recordedAt: at(FIRST_OFFENCE_MS - DAY_MS + 3_600_000),
    area,
    source: { system: 'pnc', reference: 'BENCH/HEAVY' },
    recordedBy: 'benchmark',
    data: { identifiers: [{ type: 'pnc', value: '2015/0000001B' }], dateOfBirth: '1990-06-15', gender: 'male', name: 'Bench Heavy' },
  };
  for (let written = 1, offence = 0; written < events; offence++) {
    const occurredMs = FIRST_OFFENCE_MS + offence * 4 * DAY_MS;
    const offenceRecord = { offenceId: `OFF-BENCH-${offence}`, offenceDate: at(occurredMs).slice(0, 10), category: 'theft', description: 'Theft from a shop' };
    const steps: Array<Pick<NewEvent, 'type' | 'data'>> = [
      { type: 'arrest.recorded', data: { arrestId: `ARR-BENCH-${offence}`, force: 'Hampshire and Isle of Wight Constabulary', offences: [offenceRecord] } },
      { type: 'charge.recorded', data: { offenceIds: [offenceRecord.offenceId] } },
      { type: 'conviction.recorded', data: { convictionId: `CONV-BENCH-${offence}`, court: "Southampton Magistrates' Court", offences: [offenceRecord] } },
    ];
    for (const [step, { type, data }] of steps.entries()) {
      if (written++ >= events) return;
      const ms = occurredMs + step * DAY_MS;
      yield { eventId: randomUUID(), type, personId, occurredAt: at(ms), recordedAt: at(ms + 3_600_000), area, recordedBy: 'benchmark', data };
    }
  }
}
