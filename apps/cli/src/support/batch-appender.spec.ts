import { randomUUID } from 'node:crypto';
import { CommandBus } from '@nestjs/cqrs';
import { EVENT_STORE, ValidatedEvents } from '@ledger/application';
import { EVENT_CATALOGUE } from '@ledger/domain/catalogue';
import type { NewEvent } from '@ledger/domain/envelope';
import type { EventStore } from '@ledger/event-store';
import { startTestApp, TestApp } from '../../../../test/support/test-app';
import { BatchAppender, BatchRejectedError, BatchValidator } from './batch-appender';

const BATCH = 5;

/** Validates as ValidatedEvents.of does, `size` at a time, each batch answered later than the one after it. */
class LateFirstValidator implements BatchValidator {
  requested = 0;
  outstanding = 0;
  mostOutstanding = 0;
  constructor(readonly size: number) {}

  async validate(events: unknown[]): Promise<ValidatedEvents> {
    const n = this.requested++;
    this.outstanding++;
    this.mostOutstanding = Math.max(this.mostOutstanding, this.outstanding);
    // The first batch of every `size` waits longest, the last shortest.
    await new Promise((resolve) => setTimeout(resolve, 10 + 30 * (this.size - 1 - (n % this.size))));
    this.outstanding--;
    return ValidatedEvents.of(events);
  }
}

/**
 * A person's registration, then arrests (each its own: the ledger refuses an arrest or offence
 * id twice): `count` events in all. Stored in any other order, the first would be refused.
 */
function journey(personId: string, count: number): NewEvent[] {
  const registered = { ...EVENT_CATALOGUE['person.registered'].example, eventId: randomUUID(), personId } as NewEvent;
  const arrest = EVENT_CATALOGUE['arrest.recorded'].example as NewEvent;
  const arrests = Array.from({ length: count - 1 }, (_, n) => ({
    ...arrest,
    eventId: randomUUID(),
    personId,
    data: { ...arrest.data, arrestId: `ARR-AHEAD-${n}`, offences: [{ ...(arrest.data.offences as object[])[0], offenceId: `OFF-AHEAD-${personId}-${n}` }] },
  }));
  return [registered, ...arrests];
}

/**
 * An import validates several batches at once (one a validation thread) and they may be answered
 * in any order; the ledger must still receive them in the order of the file, and a refused batch
 * must stop every batch after it, however far ahead those were validated.
 */
describe('BatchAppender validating batches ahead', () => {
  let app: TestApp;
  let ledger: { commandBus: CommandBus };
  let store: EventStore;

  beforeAll(async () => {
    app = await startTestApp({ projectionsInProcess: false });
    ledger = { commandBus: app.app.get(CommandBus) };
    store = app.app.get<EventStore>(EVENT_STORE);
  }, 60_000);
  afterAll(() => app.close());

  it('stores the batches in the order they were added, with every validation thread kept busy', async () => {
    const personId = `P-AHEAD-${randomUUID()}`;
    const events = journey(personId, BATCH * 7 + 2);
    const validator = new LateFirstValidator(3);
    const appender = new BatchAppender(ledger, undefined, BATCH, validator);
    for (const [index, event] of events.entries()) await appender.add(index + 1, event);
    await appender.flush();

    expect(appender.counts).toEqual({ sent: events.length, appended: events.length, alreadyPresent: 0 });
    expect(validator.requested).toBe(8);
    // Every thread busy, one more batch queued for the first to finish: no more held in memory.
    expect(validator.mostOutstanding).toBe(validator.size + 1);
    const stream = await store.readStream(personId);
    expect(stream.map((event) => event.eventId)).toEqual(events.map((event) => event.eventId));
    expect(stream.map((event) => event.version)).toEqual(events.map((_, index) => index + 1));
  });

  it('stops at a refused batch: the batches before it are stored, none after it, though they were validated first', async () => {
    const personId = `P-AHEAD-${randomUUID()}`;
    const events: unknown[] = journey(personId, BATCH * 6);
    // Line 8 (the second batch) is not a valid event.
    events[7] = { ...(events[7] as NewEvent), occurredAt: 'yesterday' };
    const validator = new LateFirstValidator(4);
    const appender = new BatchAppender(ledger, undefined, BATCH, validator);
    let failure: unknown;
    try {
      for (const [index, event] of events.entries()) await appender.add(index + 1, event);
      await appender.flush();
    } catch (error) {
      failure = error;
    }

    expect(failure).toBeInstanceOf(BatchRejectedError);
    const refused = failure as BatchRejectedError;
    expect([refused.firstLine, refused.lastLine]).toEqual([6, 10]);
    expect(refused.problems).toEqual([expect.objectContaining({ line: 8, path: 'occurredAt' })]);
    expect(refused.stored).toEqual({ sent: BATCH, appended: BATCH, alreadyPresent: 0 });
    // Let anything wrongly still under way finish before looking.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const stream = await store.readStream(personId);
    expect(stream.map((event) => event.eventId)).toEqual((events as NewEvent[]).slice(0, BATCH).map((event) => event.eventId));
  });
});
