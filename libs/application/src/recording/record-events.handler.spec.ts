import { randomUUID } from 'node:crypto';
import { CommandBus } from '@nestjs/cqrs';
import { EVENT_CATALOGUE } from '@ledger/domain/catalogue';
import type { NewEvent } from '@ledger/domain/envelope';
import type { EventStore, RecordingContext } from '@ledger/event-store';
import { APPEND_LOCK } from '@ledger/event-store/postgres/postgres-event-store';
import type { PoolClient } from 'pg';
import { startTestApp, TestApp } from '../../../../test/support/test-app';
import { EVENT_STORE } from '../runtime/tokens';
import { RecordEventsCommand, RecordEventsResult } from './record-events.command';
import { RecordingRejectedError } from './recording-rejected.error';

function example(type: keyof typeof EVENT_CATALOGUE, personId: string): NewEvent {
  return { ...EVENT_CATALOGUE[type].example, eventId: randomUUID(), personId } as NewEvent;
}

/**
 * A batch recorded right behind another is checked against that one's events while they are
 * still being written (an import pipelines its batches so). If they then fail to be stored, no
 * decision drawn from them may stand: a refusal is checked again, an acceptance is not written.
 */
describe('recording right behind an append still being written', () => {
  let app: TestApp;
  let bus: CommandBus;
  let store: EventStore;
  let holder: PoolClient;
  let contexts: RecordingContext[];

  beforeAll(async () => {
    app = await startTestApp({ projectionsInProcess: false });
    bus = app.app.get(CommandBus);
    store = app.app.get<EventStore>(EVENT_STORE);
    // Watch the contexts recording is given (the store still reads them from PostgreSQL).
    const read = store.readForRecording.bind(store);
    store.readForRecording = async (request) => {
      const context = await read(request);
      contexts.push(context);
      return context;
    };
  }, 60_000);
  afterAll(() => app.close());

  beforeEach(async () => {
    contexts = [];
    // Held elsewhere, the append lock keeps a write waiting inside PostgreSQL until released or killed.
    holder = await app.db.pool.connect();
    await holder.query('SELECT pg_advisory_lock($1)', [APPEND_LOCK]);
  });
  afterEach(async () => {
    await holder.query('SELECT pg_advisory_unlock_all()');
    holder.release();
  });

  /** Records `events`; resolves once their write has begun (it then waits for the lock), with the recording's outcome to come. */
  async function startWriting(events: NewEvent[]): Promise<{ recorded: Promise<RecordEventsResult> }> {
    let begun!: () => void;
    const writing = new Promise<void>((resolve) => (begun = resolve));
    const recorded = bus.execute<RecordEventsCommand, RecordEventsResult>(new RecordEventsCommand(events, undefined, { after: Promise.resolve(), onWriting: begun }));
    recorded.catch(() => undefined);
    await writing;
    return { recorded };
  }

  /** Ends the connection of the write waiting for the lock (its append fails), then lets the others go. */
  async function killTheWaitingWriter(): Promise<void> {
    const { rows } = await holder.query(`SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity
                                          WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'`);
    expect(rows).toEqual([{ killed: true }]);
    await holder.query('SELECT pg_advisory_unlock($1)', [APPEND_LOCK]);
  }

  async function provisionalContextRead(): Promise<RecordingContext> {
    for (let i = 0; i < 200; i++) {
      const found = contexts.find((context) => context.provisional);
      if (found) return found;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error('no rule-context read showed the write in flight');
  }

  it('a refusal drawn from events that are then not stored is checked again, and the batch recorded', async () => {
    const person = `P-${randomUUID()}`;
    const { recorded: first } = await startWriting([example('person.registered', person)]);
    const second = example('person.registered', person);
    const recorded = bus.execute<RecordEventsCommand, RecordEventsResult>(new RecordEventsCommand([second]));
    // Checked against the first registration as it is being written: "registered only once".
    await provisionalContextRead();

    await killTheWaitingWriter();
    await expect(first).rejects.toThrow();
    await expect(recorded).resolves.toMatchObject({ stored: 1 });
    expect((await store.readStream(person)).map((event) => event.eventId)).toEqual([second.eventId]);
  });

  it('an acceptance drawn from events that are then not stored is not written, and the batch is refused', async () => {
    const person = `P-${randomUUID()}`;
    const { recorded: first } = await startWriting([example('person.registered', person)]);
    // Accepted against the registration being written, then queued behind it.
    const recorded = bus.execute<RecordEventsCommand, RecordEventsResult>(new RecordEventsCommand([example('arrest.recorded', person)]));
    recorded.catch(() => undefined);
    await provisionalContextRead();

    await killTheWaitingWriter();
    await expect(first).rejects.toThrow();
    const refusal = await recorded.then(() => null, (error: unknown) => error);
    expect(refusal).toBeInstanceOf(RecordingRejectedError);
    expect((refusal as RecordingRejectedError).errors[0].message).toContain('has not been registered');
    expect(await store.readStream(person)).toEqual([]);
  });

  it('a batch sent behind another is appended only once that one is stored, and abandoned unwritten if it fails', async () => {
    const person = `P-${randomUUID()}`;
    let failBefore!: (error: Error) => void;
    const before = new Promise<void>((_, reject) => (failBefore = reject));
    before.catch(() => undefined);
    const recorded = bus.execute(new RecordEventsCommand([example('person.registered', person)], undefined, { after: before }));
    recorded.catch(() => undefined);
    await holder.query('SELECT pg_advisory_unlock($1)', [APPEND_LOCK]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await store.readStream(person)).toEqual([]);
    failBefore(new Error('the batch before was refused'));
    await expect(recorded).rejects.toThrow('the batch before was refused');
    expect(await store.readStream(person)).toEqual([]);
  });
});
