import { randomUUID } from 'node:crypto';
import { EVENT_STORE_MIGRATIONS } from '@ledger/event-store/postgres/event-store.migrations';
import { PostgresEventStore } from '@ledger/event-store/postgres/postgres-event-store';
import { verifyChains } from '@ledger/event-store/verify/verify-chains';
import { createTestDatabase, TestDatabase } from '../../../../test/support/test-database';
import { ACCESS_MIGRATIONS } from '../migrations';
import { ERASED, PersonalDataCipher, PersonErasedError, PersonKeyUnwrapError, UNREADABLE } from './personal-data-cipher';

const SECRET = new Uint8Array(Buffer.from('the-ledger-secret-of-at-least-32-bytes!!', 'utf8'));
const TYPE = 'person.registered';
const PERSONAL = ['name', 'identifiers', 'address.line1'];
const registration = {
  gender: 'male',
  name: 'John Smith',
  identifiers: [{ scheme: 'pnc', value: '2001/0012345X' }],
  address: { line1: '1 High Street', town: 'Newport' },
};

describe('PersonalDataCipher (PostgreSQL)', () => {
  let db: TestDatabase;
  let cipher: PersonalDataCipher;

  beforeAll(async () => {
    db = await createTestDatabase([...EVENT_STORE_MIGRATIONS, ...ACCESS_MIGRATIONS]);
    cipher = new PersonalDataCipher(db.pool, SECRET, () => new Date('2024-06-01T10:00:00Z'));
  });
  afterAll(() => db.drop());

  const newPerson = () => `P-${randomUUID()}`;

  it('encrypts each personal field in place and decrypts it back', async () => {
    const personId = newPerson();
    const eventId = randomUUID();
    const sealed = await cipher.encryptFields(personId, eventId, TYPE, registration, PERSONAL);
    expect(sealed).toEqual({
      gender: 'male',
      name: { $enc: expect.stringMatching(/^v1\.[A-Za-z0-9_-]+$/) },
      identifiers: { $enc: expect.stringMatching(/^v1\./) },
      address: { line1: { $enc: expect.stringMatching(/^v1\./) }, town: 'Newport' },
    });
    expect(JSON.stringify(sealed)).not.toMatch(/John|Smith|2001\/0012345X|High Street/);
    expect(registration.name).toBe('John Smith'); // the input is not changed
    await expect(cipher.decryptFields(personId, eventId, TYPE, sealed, PERSONAL)).resolves.toEqual(registration);
  });

  it('reads with keys fetched together as with keys fetched one by one: live, erased and unknown people alike', async () => {
    const [live, erased, unknown] = [newPerson(), newPerson(), newPerson()];
    const eventId = randomUUID();
    const sealedLive = await cipher.encryptFields(live, eventId, TYPE, registration, PERSONAL);
    const sealedErased = await cipher.encryptFields(erased, eventId, TYPE, registration, PERSONAL);
    await cipher.forget(erased, 'subject access erasure', 'a test');
    const keyring = await cipher.keysOf([live, erased, unknown, live]);
    await expect(cipher.decryptFields(live, eventId, TYPE, sealedLive, PERSONAL, keyring)).resolves.toEqual(registration);
    await expect(cipher.decryptFields(erased, eventId, TYPE, sealedErased, PERSONAL, keyring)).resolves.toMatchObject({ name: ERASED, identifiers: ERASED });
    await expect(cipher.decryptFields(unknown, eventId, TYPE, sealedLive, PERSONAL, keyring)).resolves.toMatchObject({ name: UNREADABLE });
    // A key of another person is never used for this one, even when handed the wrong keyring.
    await expect(cipher.decryptFields(live, eventId, TYPE, sealedLive, PERSONAL, await cipher.keysOf([erased]))).resolves.toEqual(registration);
  });

  it('writes with keys fetched (or created) together as with keys fetched one by one, and refuses an erased person', async () => {
    const [known, fresh, erased] = [newPerson(), newPerson(), newPerson()];
    const eventId = randomUUID();
    const sealedKnown = await cipher.encryptFields(known, eventId, TYPE, registration, PERSONAL);
    await cipher.forget(erased, 'subject access erasure', 'a test');
    const keyring = await cipher.keysForWriting([known, fresh, erased, fresh]);
    const { rows } = await db.pool.query('SELECT person_id FROM ledger_person_keys WHERE person_id = ANY($1) AND wrapped_key IS NOT NULL', [[known, fresh, erased]]);
    expect(rows.map((row) => row.person_id).sort()).toEqual([known, fresh].sort());
    await expect(cipher.encryptFields(known, eventId, TYPE, registration, PERSONAL, keyring)).resolves.toEqual(sealedKnown);
    // The key created for the batch is the one the person keeps: one by one gives the same bytes.
    const sealedFresh = await cipher.encryptFields(fresh, eventId, TYPE, registration, PERSONAL, keyring);
    await expect(cipher.encryptFields(fresh, eventId, TYPE, registration, PERSONAL)).resolves.toEqual(sealedFresh);
    await expect(cipher.decryptFields(fresh, eventId, TYPE, sealedFresh, PERSONAL)).resolves.toEqual(registration);
    await expect(cipher.encryptFields(erased, eventId, TYPE, registration, PERSONAL, keyring)).rejects.toThrow(PersonErasedError);
  });

  it('encrypts deterministically, so the same event sent again is the same content', async () => {
    const personId = newPerson();
    const eventId = randomUUID();
    const first = await cipher.encryptFields(personId, eventId, TYPE, registration, PERSONAL);
    const again = await new PersonalDataCipher(db.pool, SECRET).encryptFields(personId, eventId, TYPE, { ...registration }, PERSONAL);
    expect(again).toEqual(first);
    // Another event with the same name gets another ciphertext: equal names are not linkable across events.
    const otherEvent = await cipher.encryptFields(personId, randomUUID(), TYPE, registration, PERSONAL);
    expect(otherEvent.name).not.toEqual(first.name);
  });

  it('gives two people different ciphertexts for the same value in the same event', async () => {
    const eventId = randomUUID();
    const a = await cipher.encryptFields(newPerson(), eventId, TYPE, registration, PERSONAL);
    const b = await cipher.encryptFields(newPerson(), eventId, TYPE, registration, PERSONAL);
    expect(a.name).not.toEqual(b.name);
  });

  it('leaves absent and already encrypted fields alone, and creates no key when there is nothing personal', async () => {
    const personId = newPerson();
    const eventId = randomUUID();
    expect(await cipher.encryptFields(personId, eventId, TYPE, { gender: 'female' }, PERSONAL)).toEqual({ gender: 'female' });
    const { rows: none } = await db.pool.query('SELECT 1 FROM ledger_person_keys WHERE person_id = $1', [personId]);
    expect(none).toHaveLength(0);

    const sealed = await cipher.encryptFields(personId, eventId, TYPE, registration, PERSONAL);
    // Re-importing an export: the ciphertext comes back as it went out.
    expect(await cipher.encryptFields(personId, eventId, TYPE, sealed, PERSONAL)).toEqual(sealed);
  });

  it('cannot be fooled by a ciphertext moved to another event, field or person', async () => {
    const personId = newPerson();
    const eventId = randomUUID();
    const sealed = await cipher.encryptFields(personId, eventId, TYPE, registration, PERSONAL);
    const moved = { name: sealed.name };
    expect((await cipher.decryptFields(personId, randomUUID(), TYPE, moved, ['name'])).name).toBe(UNREADABLE);
    expect((await cipher.decryptFields(personId, eventId, TYPE, { alias: sealed.name }, ['alias'])).alias).toBe(UNREADABLE);
    const other = newPerson();
    await cipher.encryptFields(other, randomUUID(), TYPE, registration, PERSONAL);
    expect((await cipher.decryptFields(other, eventId, TYPE, moved, ['name'])).name).toBe(UNREADABLE);
  });

  it('refuses to work with another ledger secret rather than pretend the data is gone', async () => {
    const personId = newPerson();
    const eventId = randomUUID();
    const sealed = await cipher.encryptFields(personId, eventId, TYPE, registration, PERSONAL);
    const otherSecret = new PersonalDataCipher(db.pool, new Uint8Array(Buffer.from('another-ledger-secret-of-32-bytes-or-more')));
    await expect(otherSecret.decryptFields(personId, eventId, TYPE, sealed, PERSONAL)).rejects.toThrow(PersonKeyUnwrapError);
  });

  describe('forget', () => {
    it('makes the personal fields read [erased] while the stored event, its hash and the chain stay as they were', async () => {
      const store = new PostgresEventStore(db.pool);
      const personId = newPerson();
      const eventId = randomUUID();
      const data = await cipher.encryptFields(personId, eventId, TYPE, registration, PERSONAL);
      await store.append([{ eventId, type: TYPE, personId, occurredAt: '2024-05-01', area: 'hampshire', data }]);
      const [before] = await store.readStream(personId);

      const erasure = await cipher.forget(personId, 'right to erasure request 2024/117', 'admin-1');
      expect(erasure).toEqual({ personId, destroyedAt: '2024-06-01T10:00:00.000Z', reason: 'right to erasure request 2024/117', destroyedBy: 'admin-1', alreadyErased: false });

      const [after] = await store.readStream(personId);
      expect(after).toEqual(before);
      await expect(cipher.decryptFields(personId, eventId, TYPE, after.data, PERSONAL)).resolves.toEqual({
        gender: 'male',
        name: ERASED,
        identifiers: ERASED,
        address: { line1: ERASED, town: 'Newport' },
      });
      expect(await verifyChains(store)).toMatchObject({ intact: true, brokenStreams: [] });
    });

    it('leaves no usable key in the table, and only that person loses theirs', async () => {
      const forgotten = newPerson();
      const kept = newPerson();
      await cipher.encryptFields(forgotten, randomUUID(), TYPE, registration, PERSONAL);
      await cipher.encryptFields(kept, randomUUID(), TYPE, registration, PERSONAL);
      const { rows: [wrapped] } = await db.pool.query('SELECT wrapped_key FROM ledger_person_keys WHERE person_id = $1', [forgotten]);
      const wrappedHex = (wrapped.wrapped_key as Buffer).toString('hex');

      await cipher.forget(forgotten, 'erasure', 'admin-1');

      const { rows: dump } = await db.pool.query('SELECT * FROM ledger_person_keys');
      const row = dump.find((r) => r.person_id === forgotten);
      expect(row).toMatchObject({ wrapped_key: null, reason: 'erasure', destroyed_by: 'admin-1' });
      expect(JSON.stringify(dump.map((r) => ({ ...r, wrapped_key: r.wrapped_key?.toString('hex') })))).not.toContain(wrappedHex);
      expect(dump.find((r) => r.person_id === kept).wrapped_key).toBeInstanceOf(Buffer);
    });

    it('names the erased among several people: not the live, not the unknown', async () => {
      const [forgotten, kept, unknown, forgottenUnseen] = [newPerson(), newPerson(), newPerson(), newPerson()];
      await cipher.encryptFields(forgotten, randomUUID(), TYPE, registration, PERSONAL);
      await cipher.encryptFields(kept, randomUUID(), TYPE, registration, PERSONAL);
      expect(await cipher.erasedAmong([forgotten, kept, unknown])).toEqual(new Set());
      await cipher.forget(forgotten, 'erasure', 'admin-1');
      await cipher.forget(forgottenUnseen, 'erasure before any record', 'admin-1');
      expect(await cipher.erasedAmong([forgotten, kept, unknown, forgottenUnseen, forgotten])).toEqual(new Set([forgotten, forgottenUnseen]));
    });

    it('is idempotent and keeps the first erasure on record', async () => {
      const personId = newPerson();
      await cipher.encryptFields(personId, randomUUID(), TYPE, registration, PERSONAL);
      const first = await cipher.forget(personId, 'first request', 'admin-1');
      const later = new PersonalDataCipher(db.pool, SECRET, () => new Date('2024-07-01T10:00:00Z'));
      const second = await later.forget(personId, 'second request', 'admin-2');
      expect(second).toEqual({ ...first, alreadyErased: true });
      await expect(later.erasureOf(personId)).resolves.toEqual({ ...first, alreadyErased: true });
    });

    it('refuses new personal data about a forgotten person, even one never seen before', async () => {
      const personId = newPerson();
      await cipher.forget(personId, 'erasure before any record', 'admin-1');
      await expect(cipher.encryptFields(personId, randomUUID(), TYPE, registration, PERSONAL)).rejects.toThrow(PersonErasedError);
      expect(await cipher.encryptFields(personId, randomUUID(), TYPE, { gender: 'male' }, PERSONAL)).toEqual({ gender: 'male' });
    });

    it('cannot be undone or removed in the database', async () => {
      const personId = newPerson();
      await cipher.encryptFields(personId, randomUUID(), TYPE, registration, PERSONAL);
      const { rows: [live] } = await db.pool.query('SELECT wrapped_key FROM ledger_person_keys WHERE person_id = $1', [personId]);
      await cipher.forget(personId, 'erasure', 'admin-1');
      await expect(
        db.pool.query('UPDATE ledger_person_keys SET wrapped_key = $2, destroyed_at = NULL, reason = NULL, destroyed_by = NULL WHERE person_id = $1', [personId, live.wrapped_key]),
      ).rejects.toThrow(/never restored or deleted: UPDATE/);
      await expect(db.pool.query('DELETE FROM ledger_person_keys WHERE person_id = $1', [personId])).rejects.toThrow(/DELETE/);
      await expect(db.pool.query('TRUNCATE ledger_person_keys')).rejects.toThrow(/TRUNCATE/);
    });
  });
});
