import { randomUUID } from 'node:crypto';
import { describeEventStoreContract, newEvent, registration } from '../event-store.contract';
import { EventStore, IdempotencyConflictError } from '../event-store.port';
import { verifyChains } from '../verify/verify-chains';
import { KurrentEventStore } from './kurrent-event-store';
import { KurrentDBStandIn } from './kurrentdb-stand-in';

/**
 * The adapter's own logic (planning, hash chains, idempotency, retries, the eventId index, the
 * $all feed) run through the whole contract over an in-memory stand-in for the KurrentDB client,
 * once as a 26.1+ server (atomic AppendRecords) and once as an older one (stream by stream).
 * What only a real server can show is in kurrent-event-store.spec.ts (needs EVENTSTORE_URL).
 */
for (const server of [
  { name: 'KurrentDB stand-in, 26.1+ (AppendRecords)', appendRecords: true },
  { name: 'KurrentDB stand-in, before 26.1 (stream by stream)', appendRecords: false },
]) {
  describeEventStoreContract(server.name, {
    async create() {
      return new KurrentEventStore(new KurrentDBStandIn(server).asClient());
    },
    async dispose() {},
  });
}

describe('KurrentDB adapter: what differs from PostgreSQL', () => {
  let server: KurrentDBStandIn;
  let store: KurrentEventStore;
  beforeEach(() => {
    server = new KurrentDBStandIn({ appendRecords: true });
    store = new KurrentEventStore(server.asClient());
  });

  it('refuses an eventId already used for another person, found through the eventId index', async () => {
    const first = registration(`p-${randomUUID()}`);
    await store.append([first]);
    const sameIdOtherPerson = { ...first, personId: `p-${randomUUID()}` };
    await expect(store.append([sameIdOtherPerson])).rejects.toBeInstanceOf(IdempotencyConflictError);
    expect(await store.readStream(sameIdOtherPerson.personId)).toHaveLength(0);
  });

  it('replans an append that lost a race: concurrent writers to one person without an expected version all get in, chained', async () => {
    const person = `p-${randomUUID()}`;
    await store.append([registration(person)]);
    // Five writers read the stream at version 1 together; KurrentDB accepts one write at that
    // revision, the others must read again and append after it.
    const results = await Promise.all(Array.from({ length: 5 }, () => store.append([newEvent(person)])));
    expect(results.map(([result]) => result.version).sort((x, y) => x - y)).toEqual([2, 3, 4, 5, 6]);
    expect(await verifyChains(store)).toMatchObject({ intact: true, events: 6 }); // 1 registration + 5
  });

  it('gives $all log positions: increasing, with gaps, and skips system records and eventId index entries', async () => {
    const person = `p-${randomUUID()}`;
    const results = await store.append([registration(person), newEvent(person)]);
    // The log starts with two system records, so the first ledger event is not at position 1.
    expect(results[0].position).toBeGreaterThan(1);
    expect(results[1].position).toBeGreaterThan(results[0].position + 1);
    expect((await store.readAll(0, 10)).map((e) => e.position)).toEqual(results.map((r) => r.position));
  });

  it('keeps one stream per person whatever characters the person id holds', async () => {
    // The server accepts only letters, digits, "_", "." and "-" in stream names; "a b" and
    // "a_20_b" must still be two persons, and "p-1" keeps its plain stream name.
    const ids = ['a b', 'a_20_b', 'HMP/Winchester:42', 'p-1'];
    await store.append(ids.map((id) => registration(id)));
    for (const id of ids) expect((await store.readStream(id)).map((e) => e.personId)).toEqual([id]);
    const plain = [];
    for await (const resolved of server.asClient().readStream('person-p-1')) plain.push(resolved.event?.type);
    expect(plain).toEqual(['person.registered']);
  });

  it('keeps namespaces apart on one server', async () => {
    const other = new KurrentEventStore(server.asClient(), { namespace: 'training.' });
    const person = `p-${randomUUID()}`;
    await store.append([registration(person)]);
    await other.append([registration(person), newEvent(person)]);
    expect(await store.readStream(person)).toHaveLength(1); // 1 in production
    expect(await other.readStream(person)).toHaveLength(2); // 2 in training
    expect(await other.readAll(0, 10)).toHaveLength(2);
  });

  it('verify finds every chain intact, with no store-level integrity claims', async () => {
    const a = `p-${randomUUID()}`;
    const b = `p-${randomUUID()}`;
    await store.append([registration(a), registration(b), newEvent(a), newEvent(b), newEvent(a)]);
    expect((store as EventStore).integrity).toBeUndefined();
    expect(await verifyChains(store)).toMatchObject({ intact: true, streams: 2, events: 5, brokenStreams: [] });
  });

  it('reads events of given types across streams, as known at an instant', async () => {
    const a = `p-${randomUUID()}`;
    const b = `p-${randomUUID()}`;
    await store.append([
      registration(a, { recordedAt: '2024-01-01T00:00:00Z' }),
      registration(b, { recordedAt: '2024-03-01T00:00:00Z' }),
      newEvent(a, 'arrest.recorded', { recordedAt: '2024-02-01T00:00:00Z' }),
    ]);
    expect((await store.readByTypes(['person.registered'])).map((e) => e.personId)).toEqual([a, b]);
    expect((await store.readByTypes(['person.registered'], { asOf: '2024-02-01T00:00:00Z' })).map((e) => e.personId)).toEqual([a]);
    // A type name is matched exactly, not as a pattern: "person.registered" is not "person-registered".
    expect(await store.readByTypes(['person-registered'])).toEqual([]);
  });
});
