import { randomUUID } from 'node:crypto';
import type { NewEvent, StoredEvent } from '@ledger/domain/envelope';
import { EventStore, IdempotencyConflictError, RecordedAtInFutureError, WrongExpectedVersionError } from './event-store.port';
import { eventHash } from './hashing/event-hash';

/**
 * The behaviour every adapter of the EventStore port must show, run against each adapter
 * available (PostgreSQL always; KurrentDB when EVENTSTORE_URL is set). Each adapter's spec calls
 * this with a factory giving a store over a fresh, empty database.
 */
export interface ContractHarness {
  /** A store over an empty ledger; called once per test. */
  create(): Promise<EventStore>;
  /** Releases what create() made (called after each test). */
  dispose(): Promise<void>;
}

export function newEvent(personId: string, type = 'arrest.recorded', overrides: Partial<NewEvent> = {}): NewEvent {
  return {
    eventId: randomUUID(),
    type,
    personId,
    occurredAt: '2024-03-01T10:00:00.000Z',
    area: 'hampshire-iow',
    source: { system: 'pnc', reference: 'ref-1' },
    data: { arrestId: randomUUID(), offences: [{ offenceId: randomUUID(), offenceDate: '2024-02-28', category: 'theft' }] },
    ...overrides,
  };
}

export function registration(personId: string, overrides: Partial<NewEvent> = {}): NewEvent {
  return newEvent(personId, 'person.registered', {
    occurredAt: '2024-01-01',
    data: { identifiers: [{ type: 'pnc', value: '2019/0123456X' }], dateOfBirth: '1990-05-17', gender: 'male' },
    ...overrides,
  });
}

export function describeEventStoreContract(adapterName: string, harness: ContractHarness): void {
  describe(`EventStore contract: ${adapterName}`, () => {
    let store: EventStore;
    beforeEach(async () => {
      store = await harness.create();
    });
    afterEach(async () => {
      await store.close();
      await harness.dispose();
    });

    it('appends to a stream and reads it back in order, versions from 1, hashes chained', async () => {
      const person = `p-${randomUUID()}`;
      const events = [registration(person), newEvent(person), newEvent(person, 'charge.recorded', { data: { offenceIds: ['o1'] } })];
      const results = await store.append(events);

      expect(results.map((r) => r.version)).toEqual([1, 2, 3]);
      expect(results.every((r) => !r.duplicate)).toBe(true);
      expect(results[1].position).toBeGreaterThan(results[0].position);
      expect(results[2].position).toBeGreaterThan(results[1].position);

      const stream = await store.readStream(person);
      expect(stream.map((e) => e.eventId)).toEqual(events.map((e) => e.eventId));
      expect(stream.map((e) => e.data)).toEqual(events.map((e) => e.data));
      expect(stream[0].previousHash).toBeNull();
      expect(stream[1].previousHash).toBe(stream[0].hash);
      expect(stream[2].previousHash).toBe(stream[1].hash);
      for (const event of stream) expect(eventHash(event)).toBe(event.hash);
    });

    it('keeps a supplied recordedAt, stamps its own otherwise, and refuses one in the future', async () => {
      const person = `p-${randomUUID()}`;
      const before = Date.now();
      await store.append([registration(person, { recordedAt: '2020-02-02T12:00:00Z' }), newEvent(person)]);
      const after = Date.now();
      const [supplied, stamped] = await store.readStream(person);
      expect(supplied.recordedAt).toBe('2020-02-02T12:00:00.000Z');
      expect(Date.parse(stamped.recordedAt)).toBeGreaterThanOrEqual(before - 1);
      expect(Date.parse(stamped.recordedAt)).toBeLessThanOrEqual(after);

      const future = new Date(Date.now() + 3_600_000).toISOString();
      await expect(store.append([newEvent(person, 'arrest.recorded', { recordedAt: future })])).rejects.toBeInstanceOf(RecordedAtInFutureError);
      expect(await store.readStream(person)).toHaveLength(2);
    });

    it('is idempotent on eventId: the same content again is a no-op reporting the original position', async () => {
      const person = `p-${randomUUID()}`;
      const first = registration(person);
      const [original] = await store.append([first]);
      const again = await store.append([{ ...first }]);
      expect(again).toEqual([{ ...original, duplicate: true }]);
      expect(await store.readStream(person)).toHaveLength(1);
      expect(await store.headPosition()).toBe(original.position);
    });

    it('refuses an eventId already stored with different content, storing nothing of the batch', async () => {
      const person = `p-${randomUUID()}`;
      const first = registration(person);
      await store.append([first]);
      const altered = { ...first, data: { ...first.data, gender: 'female' } };
      await expect(store.append([newEvent(person), altered])).rejects.toBeInstanceOf(IdempotencyConflictError);
      expect(await store.readStream(person)).toHaveLength(1);
    });

    it('enforces the expected version and stores nothing of a batch that fails it', async () => {
      const person = `p-${randomUUID()}`;
      await store.append([registration(person, { expectedVersion: 0 })]);
      await store.append([newEvent(person, 'arrest.recorded', { expectedVersion: 1 }), newEvent(person)]);
      const other = `p-${randomUUID()}`;
      const error = await store
        .append([registration(other), newEvent(person, 'arrest.recorded', { expectedVersion: 1 })])
        .catch((e) => e);
      expect(error).toBeInstanceOf(WrongExpectedVersionError);
      expect(error).toMatchObject({ personId: person, expectedVersion: 1, actualVersion: 3 });
      expect(await store.readStream(other)).toHaveLength(0);
      expect(await store.readStream(person)).toHaveLength(3);
    });

    it('gives the same outcome with the heads a writer read as without them, even when they went stale', async () => {
      const a = `p-${randomUUID()}`;
      const b = `p-${randomUUID()}`;
      const headsOf = async () => (await store.readForRecording({ personIds: [a, b], types: [], eventIds: [] })).heads;
      const fresh = await headsOf();
      const first = [registration(a), registration(b), newEvent(a)];
      expect((await store.append(first, { expectedHeads: fresh })).map((r) => [r.version, r.duplicate])).toEqual([[1, false], [1, false], [2, false]]);

      // Another writer moves a's stream on after these heads were read: still appended, chained on the real head.
      const read = await headsOf();
      await store.append([newEvent(a)]);
      const late = newEvent(a, 'arrest.recorded', { expectedVersion: 3 });
      expect((await store.append([late, newEvent(b)], { expectedHeads: read })).map((r) => r.version)).toEqual([4, 2]);
      // A stale head never makes a good expectedVersion fail, nor a bad one pass.
      await expect(store.append([newEvent(a, 'arrest.recorded', { expectedVersion: 2 })], { expectedHeads: read })).rejects.toBeInstanceOf(WrongExpectedVersionError);
      // Replays are still recognised.
      const again = await store.append([first[2]], { expectedHeads: await headsOf() });
      expect(again).toEqual([expect.objectContaining({ eventId: first[2].eventId, version: 2, duplicate: true })]);

      const stream = await store.readStream(a);
      expect(stream.map((e) => e.version)).toEqual([1, 2, 3, 4]);
      for (const [index, event] of stream.entries()) {
        expect(eventHash(event)).toBe(event.hash);
        expect(event.previousHash).toBe(index === 0 ? null : stream[index - 1].hash);
      }
      const log = await store.readAll(0, 100);
      expect(log.map((e) => e.position)).toEqual([...log.map((e) => e.position)].sort((x, y) => x - y));
      expect(new Set(log.map((e) => e.position)).size).toBe(6);
    });

    it('appends a batch spanning several streams atomically, in order', async () => {
      const a = `p-${randomUUID()}`;
      const b = `p-${randomUUID()}`;
      const batch = [registration(a), registration(b), newEvent(a), newEvent(b), newEvent(a)];
      const results = await store.append(batch);
      expect(results.map((r) => r.version)).toEqual([1, 1, 2, 2, 3]);
      const all = await store.readAll(0, 100);
      expect(all.map((e) => e.eventId)).toEqual(batch.map((e) => e.eventId));
    });

    it('reads the global log after a position, page by page', async () => {
      const person = `p-${randomUUID()}`;
      const batch = [registration(person), ...Array.from({ length: 9 }, () => newEvent(person))];
      const results = await store.append(batch);
      const firstPage = await store.readAll(0, 4);
      const secondPage = await store.readAll(firstPage[3].position, 4);
      const thirdPage = await store.readAll(secondPage[3].position, 4);
      expect([...firstPage, ...secondPage, ...thirdPage].map((e) => e.eventId)).toEqual(batch.map((e) => e.eventId));
      expect(thirdPage).toHaveLength(2);
      expect(await store.headPosition()).toBe(results[9].position);
    });

    it('reads a stream as known at an instant (recordedAt <= asOf)', async () => {
      const person = `p-${randomUUID()}`;
      await store.append([
        registration(person, { recordedAt: '2024-01-01T09:00:00Z' }),
        newEvent(person, 'arrest.recorded', { recordedAt: '2024-02-01T09:00:00Z' }),
        newEvent(person, 'arrest.recorded', { recordedAt: '2024-03-01T09:00:00Z' }),
      ]);
      expect(await store.readStream(person, { asOf: '2024-01-31T23:59:59Z' })).toHaveLength(1);
      expect(await store.readStream(person, { asOf: '2024-02-01T09:00:00Z' })).toHaveLength(2);
      expect(await store.readStream(person)).toHaveLength(3);
    });

    it('reads several streams at once, each in version order, as known at an instant', async () => {
      const a = `p-${randomUUID()}`;
      const b = `p-${randomUUID()}`;
      await store.append([registration(a, { recordedAt: '2024-01-01T00:00:00Z' }), registration(b), newEvent(a), newEvent(b), newEvent(a)]);
      const streams = await store.readStreams([a, b, 'p-nobody']);
      expect(streams.get(a)!.map((e) => e.version)).toEqual([1, 2, 3]);
      expect(streams.get(b)!.map((e) => e.version)).toEqual([1, 2]);
      expect(streams.get('p-nobody')).toEqual([]);
      expect((await store.readStreams([a], { asOf: '2024-06-01T00:00:00Z' })).get(a)!.map((e) => e.version)).toEqual([1]);
      const typed = await store.readStreams([a, b], { types: ['arrest.recorded'] });
      expect(typed.get(a)!.map((e) => e.version)).toEqual([2, 3]);
      expect(typed.get(b)!.map((e) => e.version)).toEqual([2]);
      expect((await store.readStreams([a], { types: ['arrest.recorded'], asOf: '2024-06-01T00:00:00Z' })).get(a)).toEqual([]);
    });

    it('keeps recordedAt to the microsecond: as known at an instant within the same millisecond, and in the hash', async () => {
      const person = `p-${randomUUID()}`;
      const late = newEvent(person, 'arrest.recorded', { recordedAt: '2024-04-01T13:00:00.0005+01:00' });
      await store.append([registration(person, { recordedAt: '2024-04-01T12:00:00.000Z' }), late]);
      // Read back (by stream, by id) as the ledger spells it; idempotent as written or as stored.
      const stored = (await store.readStream(person))[1];
      expect(stored.recordedAt).toBe('2024-04-01T12:00:00.000500Z');
      expect((await store.readEvents([late.eventId]))[0].recordedAt).toBe('2024-04-01T12:00:00.000500Z');
      expect(eventHash(stored)).toBe(stored.hash);
      const again = await store.append([late, { ...late, recordedAt: stored.recordedAt }]);
      expect(again.map((result) => [result.position, result.duplicate])).toEqual([[stored.position, true], [stored.position, true]]);
      const versions = async (asOf: string) => (await store.readStream(person, { asOf })).map((event) => event.version);
      expect(await versions('2024-04-01T12:00:00.000Z')).toEqual([1]);
      expect(await versions('2024-04-01T12:00:00.000499Z')).toEqual([1]);
      expect(await versions('2024-04-01T12:00:00.000500Z')).toEqual([1, 2]);
      expect((await store.readByTypes(['arrest.recorded'], { asOf: '2024-04-01T12:00:00.000499Z' })).filter((event) => event.personId === person)).toEqual([]);
      expect((await store.readStreams([person], { asOf: '2024-04-01T12:00:00.000500Z' })).get(person)).toHaveLength(2);
    });

    it('reads events by id across streams', async () => {
      const a = registration(`p-${randomUUID()}`);
      const b = registration(`p-${randomUUID()}`);
      await store.append([a, b]);
      const found = await store.readEvents([b.eventId, a.eventId, randomUUID()]);
      expect(found.map((e) => e.eventId).sort()).toEqual([a.eventId, b.eventId].sort());
    });

    it('reads what recording checks against: versions, the typed part of each stream, events by id', async () => {
      const a = `p-${randomUUID()}`;
      const b = `p-${randomUUID()}`;
      const arrest = newEvent(b);
      await store.append([registration(a), newEvent(a), newEvent(a, 'charge.recorded', { data: { offenceIds: ['o1'] } }), registration(b), arrest, newEvent(a)]);
      const context = await store.readForRecording({ personIds: [a, b, 'p-nobody'], types: ['person.registered', 'charge.recorded'], eventIds: [arrest.eventId.toUpperCase(), randomUUID()] });
      const streamA = await store.readStream(a);
      expect(Object.fromEntries(context.heads)).toEqual({ [a]: { version: 4, hash: streamA[3].hash }, [b]: { version: 2, hash: expect.any(String) }, 'p-nobody': { version: 0, hash: null } });
      expect(context.streams.get(a)!.map((e) => [e.version, e.type])).toEqual([[1, 'person.registered'], [3, 'charge.recorded']]);
      expect(context.streams.get(b)!.map((e) => e.type)).toEqual(['person.registered']);
      expect(context.streams.get('p-nobody')).toEqual([]);
      expect(context.events.map((e) => [e.eventId, e.personId, e.version])).toEqual([[arrest.eventId, b, 2]]);
      expect(context.streams.get(a)![0]).toEqual(streamA[0]);
    });

    it('answers rule-context reads made together each with its own people, types and events', async () => {
      const people = Array.from({ length: 6 }, () => `p-${randomUUID()}`);
      const stored = people.flatMap((person, index) => [registration(person), ...Array.from({ length: index }, () => newEvent(person)), newEvent(person, 'charge.recorded', { data: { offenceIds: ['o1'] } })]);
      await store.append(stored);
      const idOf = (person: string) => stored.filter((event) => event.personId === person).pop()!.eventId;
      const requests = people.map((person, index) => ({
        // Neighbours overlap; every other request asks for other types; each names its own last event and an unknown id.
        personIds: [person, people[(index + 1) % people.length]],
        types: index % 2 === 0 ? ['person.registered'] : ['charge.recorded', 'arrest.recorded'],
        eventIds: [idOf(person).toUpperCase(), randomUUID()],
      }));
      const together = await Promise.all(requests.map((request) => store.readForRecording(request)));
      for (const [index, request] of requests.entries()) {
        const alone = await store.readForRecording(request);
        expect(together[index]).toEqual(alone);
        expect([...together[index].heads.keys()]).toEqual(request.personIds);
        expect(together[index].events.map((event) => event.eventId)).toEqual([idOf(people[index])]);
        expect(together[index].streams.get(people[index])!.every((event) => request.types.includes(event.type))).toBe(true);
      }
      expect(together[3].streams.get(people[3])!.map((event) => event.type)).toEqual(['arrest.recorded', 'arrest.recorded', 'arrest.recorded', 'charge.recorded']);
    });

    it("tells each stream's version, 0 for a stream with no events, and sees the next append", async () => {
      const [a, b] = [`p-${randomUUID()}`, `p-${randomUUID()}`];
      await store.append([registration(a), newEvent(a), registration(b), newEvent(a)]);
      expect(Object.fromEntries(await store.streamVersions([a, b, 'p-nobody', a]))).toEqual({ [a]: 3, [b]: 1, 'p-nobody': 0 });
      await store.append([newEvent(b)]);
      expect((await store.streamVersions([b])).get(b)).toBe(2);
      expect(await store.streamVersions([])).toEqual(new Map());
    });

    it('names the streams holding events of some types, each once', async () => {
      const [a, b, c] = [`p-${randomUUID()}`, `p-${randomUUID()}`, `p-${randomUUID()}`];
      await store.append([registration(a), registration(b), registration(c), newEvent(a, 'charge.recorded', { data: { offenceIds: ['o1'] } }), newEvent(b), newEvent(a, 'charge.recorded', { data: { offenceIds: ['o2'] } })]);
      expect((await store.streamsWithTypes(['charge.recorded'])).sort()).toEqual([a]);
      expect((await store.streamsWithTypes(['charge.recorded', 'arrest.recorded'])).sort()).toEqual([a, b].sort());
      expect(await store.streamsWithTypes(['person.merged'])).toEqual([]);
    });

    it('delivers to a subscription from a checkpoint, in order, each event once', async () => {
      const person = `p-${randomUUID()}`;
      const [first] = await store.append([registration(person), newEvent(person)]);
      const seen: StoredEvent[] = [];
      const subscription = store.subscribe(first.position, async (batch) => void seen.push(...batch), { pollIntervalMs: 50 });
      try {
        const later = await store.append([newEvent(person), newEvent(person)]);
        await subscription.caughtUpTo(later[1].position, 10_000);
        expect(seen.map((e) => e.version)).toEqual([2, 3, 4]);
      } finally {
        await subscription.stop();
      }
    });

    it('with 8 concurrent writers: no event missed or delivered twice, one winner per expected version', async () => {
      const shared = `p-shared-${randomUUID()}`;
      await store.append([registration(shared)]);
      const delivered: StoredEvent[] = [];
      const subscription = store.subscribe(0, async (batch) => void delivered.push(...batch), { batchSize: 7, pollIntervalMs: 20 });
      const writers = 8;
      const rounds = 15;
      const outcomes = { won: 0, conflicts: 0 };
      const appendedIds: string[] = [];
      const winnersPerVersion = new Map<number, number>();

      await Promise.all(
        Array.from({ length: writers }, async (_, writer) => {
          const own = `p-writer-${writer}-${randomUUID()}`;
          const registered = registration(own);
          await store.append([registered]);
          appendedIds.push(registered.eventId);
          for (let round = 0; round < rounds; round++) {
            // Distinct stream: always succeeds.
            const mine = [newEvent(own), newEvent(own)];
            await store.append(mine);
            appendedIds.push(...mine.map((e) => e.eventId));
            // Shared stream: everyone races for the same next version; exactly one may win.
            const head = (await store.readStream(shared)).length;
            const contender = newEvent(shared, 'arrest.recorded', { expectedVersion: head });
            try {
              const [result] = await store.append([contender]);
              appendedIds.push(contender.eventId);
              outcomes.won += 1;
              winnersPerVersion.set(result.version, (winnersPerVersion.get(result.version) ?? 0) + 1);
            } catch (error) {
              expect(error).toBeInstanceOf(WrongExpectedVersionError);
              outcomes.conflicts += 1;
            }
          }
        }),
      );

      const head = await store.headPosition();
      await subscription.caughtUpTo(head, 20_000);
      await subscription.stop();

      const deliveredIds = delivered.map((e) => e.eventId);
      expect(new Set(deliveredIds).size).toBe(deliveredIds.length); // none twice
      expect(deliveredIds.length).toBe(appendedIds.length + 1); // + the shared registration
      expect(new Set(deliveredIds)).toEqual(new Set([...appendedIds, (await store.readStream(shared))[0].eventId]));
      const positions = delivered.map((e) => e.position);
      expect(positions).toEqual([...positions].sort((x, y) => x - y)); // in order
      expect([...winnersPerVersion.values()].every((count) => count === 1)).toBe(true);
      const sharedStream = await store.readStream(shared);
      expect(sharedStream.map((e) => e.version)).toEqual(Array.from({ length: outcomes.won + 1 }, (_, i) => i + 1));
      expect(outcomes.won + outcomes.conflicts).toBe(writers * rounds);
    });

    it('a writer that commits late is still delivered, and a rolled-back one stalls nobody', async () => {
      const person = `p-${randomUUID()}`;
      await store.append([registration(person)]);
      const delivered: StoredEvent[] = [];
      const subscription = store.subscribe(0, async (batch) => void delivered.push(...batch), { pollIntervalMs: 20 });

      // Writer A writes its rows, then holds its transaction open.
      let releaseA!: () => void;
      const aHolding = new Promise<void>((resolve) => (releaseA = resolve));
      let aWritten!: () => void;
      const aHasWritten = new Promise<void>((resolve) => (aWritten = resolve));
      const slow = newEvent(person);
      const slowAppend = store.append([slow], { beforeCommit: async () => { aWritten(); await aHolding; } });
      await aHasWritten;

      // Writer B starts after A and finishes while A is still open; writer C rolls back.
      const fastAppend = store.append([registration(`p-fast-${randomUUID()}`)]);
      const rolledBack = store
        .append([newEvent(person)], { beforeCommit: async () => { throw new Error('writer C gives up'); } })
        .catch((error) => error);
      await new Promise((resolve) => setTimeout(resolve, 200));
      releaseA();
      const [[slowResult], [fastResult], rollbackError] = await Promise.all([slowAppend, fastAppend, rolledBack]);
      expect(rollbackError).toBeInstanceOf(Error);
      const after = await store.append([newEvent(person)]);

      await subscription.caughtUpTo(after[0].position, 10_000);
      await subscription.stop();
      const ids = delivered.map((e) => e.eventId);
      expect(ids).toContain(slow.eventId);
      expect(new Set(ids).size).toBe(ids.length);
      // Positions follow commit order: the slow writer's event is never behind the subscriber.
      expect(delivered.findIndex((e) => e.position === slowResult.position)).toBeGreaterThanOrEqual(0);
      expect(delivered.findIndex((e) => e.position === fastResult.position)).toBeGreaterThanOrEqual(0);
      expect((await store.readStream(person)).map((e) => e.version)).toEqual([1, 2, 3]);
    });
  });
}
