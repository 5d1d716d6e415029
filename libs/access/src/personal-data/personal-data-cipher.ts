import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import type { Pool } from 'pg';
import { EncryptedValue, isEncryptedValue } from '@ledger/domain/validation/encrypted-value';
import { canonicalJson } from '@ledger/event-store/hashing/canonical-json';
import { valueAt, withValueAt } from './field-paths';

/** What a reader sees in place of a personal field once the person has been forgotten. */
export const ERASED = '[erased]';
/** What a reader sees for a ciphertext this ledger holds no key for (e.g. imported from another ledger). */
export const UNREADABLE = '[unreadable]';

const FORMAT = 'v1';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** New personal data for someone already forgotten: refused, so erasure cannot be undone by a late event. */
export class PersonErasedError extends Error {
  constructor(readonly personId: string) {
    super(`person ${personId} has been erased: the ledger no longer accepts personal data about them`);
    this.name = 'PersonErasedError';
  }
}

/** A stored key that the ledger secret cannot unwrap: the secret was changed or the key row altered. */
export class PersonKeyUnwrapError extends Error {
  constructor(personId: string) {
    super(`the data key of person ${personId} cannot be unwrapped: has LEDGER_SECRET (or secret.key) changed since it was created?`);
    this.name = 'PersonKeyUnwrapError';
  }
}

export interface Erasure {
  personId: string;
  destroyedAt: string;
  reason: string;
  destroyedBy: string;
  /** True when the person had already been forgotten (the first erasure is kept as it was). */
  alreadyErased: boolean;
}

type LiveKey = { state: 'live'; encryption: Buffer; siv: Buffer };
type PersonKey = LiveKey | { state: 'destroyed' } | { state: 'none' };

/** People's keys fetched together (PersonalDataCipher.keysOf). */
export type Keyring = ReadonlyMap<string, PersonKey>;

/**
 * Crypto-shredding: every personal field is encrypted with its person's own data key, so
 * destroying that one key makes the person's personal data unreadable everywhere it was copied
 * (event table, exports, backups) while the events, their hashes and the chains stay intact.
 */
export class PersonalDataCipher {
  private readonly keyEncryptionKey: Buffer;

  constructor(private readonly pool: Pool, ledgerSecret: Uint8Array, private readonly clock: () => Date = () => new Date()) {
    this.keyEncryptionKey = derive(Buffer.from(ledgerSecret), 'journey-ledger/person-key-wrapping/v1');
  }

  /**
   * Replaces the value at each personal path by `{"$enc": "v1.<base64url>"}`. Values already
   * encrypted (an export being imported back) and absent ones are left as they are. The person's
   * key is created on their first personal value.
   */
  async encryptFields(
    personId: string,
    eventId: string,
    type: string,
    data: Record<string, unknown>,
    personalPaths: readonly string[],
    keyring?: Keyring,
  ): Promise<Record<string, unknown>> {
    const paths = personalPaths.filter((path) => valueAt(data, path) !== undefined && !isEncryptedValue(valueAt(data, path)));
    if (paths.length === 0) return data;
    const known = keyring?.get(personId);
    const key = known && known.state !== 'none' ? liveOrRefused(personId, known) : await this.liveKeyFor(personId);
    return paths.reduce((result, path) => withValueAt(result, path, encryptValue(key, { personId, eventId, type, path }, valueAt(data, path))), data);
  }

  /**
   * The inverse of encryptFields: plaintext values, `[erased]` once the person is forgotten.
   * @param keyring keys fetched beforehand for many people at once (keysOf); looked up here otherwise
   */
  async decryptFields(
    personId: string,
    eventId: string,
    type: string,
    data: Record<string, unknown>,
    personalPaths: readonly string[],
    keyring?: Keyring,
  ): Promise<Record<string, unknown>> {
    const paths = personalPaths.filter((path) => isEncryptedValue(valueAt(data, path)));
    if (paths.length === 0) return data;
    const key = keyring?.get(personId) ?? (await this.keyOf(personId));
    return paths.reduce((result, path) => {
      const sealed = valueAt(data, path) as EncryptedValue;
      const plaintext = key.state === 'destroyed' ? ERASED : key.state === 'none' ? UNREADABLE : decryptValue(key, { personId, eventId, type, path }, sealed);
      return withValueAt(result, path, plaintext);
    }, data);
  }

  /**
   * Forgets a person: their key is overwritten with NULL, and why, when and by whom is kept.
   * Idempotent: forgetting again changes nothing and reports the first erasure.
   */
  async forget(personId: string, reason: string, by: string): Promise<Erasure> {
    if (!reason.trim() || !by.trim()) throw new Error('erasing a person needs a reason and who asked for it');
    // A person never encrypted for still gets a row: the erasure is on record and no key can follow.
    const { rows } = await this.pool.query(
      `INSERT INTO ledger_person_keys (person_id, wrapped_key, destroyed_at, reason, destroyed_by)
       VALUES ($1, NULL, $2, $3, $4)
       ON CONFLICT (person_id) DO UPDATE
         SET wrapped_key = NULL, destroyed_at = EXCLUDED.destroyed_at, reason = EXCLUDED.reason, destroyed_by = EXCLUDED.destroyed_by
         WHERE ledger_person_keys.destroyed_at IS NULL
       RETURNING person_id, destroyed_at, reason, destroyed_by`,
      [personId, this.clock(), reason, by],
    );
    if (rows.length > 0) return toErasure(rows[0], false);
    const { rows: earlier } = await this.pool.query('SELECT person_id, destroyed_at, reason, destroyed_by FROM ledger_person_keys WHERE person_id = $1', [personId]);
    return toErasure(earlier[0], true);
  }

  /** The erasure of a person, or null while their data is readable. */
  async erasureOf(personId: string): Promise<Erasure | null> {
    const { rows } = await this.pool.query(
      'SELECT person_id, destroyed_at, reason, destroyed_by FROM ledger_person_keys WHERE person_id = $1 AND destroyed_at IS NOT NULL',
      [personId],
    );
    return rows.length > 0 ? toErasure(rows[0], true) : null;
  }

  /**
   * Everyone erased now. A rebuild of the read model compares this at its start and at its swap,
   * so that what it decrypted before an erasure in between is not swapped in (it holds ids only,
   * as many as there have been erasures).
   */
  async erasedPeople(): Promise<Set<string>> {
    const { rows } = await this.pool.query<{ person_id: string }>('SELECT person_id FROM ledger_person_keys WHERE destroyed_at IS NOT NULL');
    return new Set(rows.map((row) => row.person_id));
  }

  /** Which of these people are erased now: what anything holding their revealed data must check before showing it again. */
  async erasedAmong(personIds: readonly string[]): Promise<Set<string>> {
    const { rows } = await this.pool.query<{ person_id: string }>({
      name: 'ledger_erased_among',
      text: 'SELECT person_id FROM ledger_person_keys WHERE person_id = ANY($1) AND destroyed_at IS NOT NULL',
      values: [[...new Set(personIds)]],
    });
    return new Set(rows.map((row) => row.person_id));
  }

  private async liveKeyFor(personId: string): Promise<LiveKey> {
    return liveOrRefused(personId, (await this.keysForWriting([personId])).get(personId)!);
  }

  /**
   * The keys of several people about to be written about, each person's created if they have
   * none yet: at most three queries for a whole batch (an import's thousand events), not three
   * for every event. Erased people come back as destroyed; encryptFields refuses them.
   */
  async keysForWriting(personIds: readonly string[]): Promise<Keyring> {
    const keyring = new Map(await this.keysOf(personIds));
    const missing = [...keyring].filter(([, key]) => key.state === 'none').map(([personId]) => personId);
    if (missing.length > 0) {
      // Two writers may race to create a key: one insert wins and both then use the winner's.
      await this.pool.query(
        'INSERT INTO ledger_person_keys (person_id, wrapped_key) SELECT * FROM unnest($1::text[], $2::bytea[]) ON CONFLICT (person_id) DO NOTHING',
        [missing, missing.map((personId) => wrap(this.keyEncryptionKey, personId, randomBytes(KEY_BYTES)))],
      );
      for (const [personId, key] of await this.keysOf(missing)) keyring.set(personId, key);
    }
    return keyring;
  }

  /**
   * The keys of several people in one query, for reading many events at once (a rebuild's batch).
   * Held only for that one read, so a later erasure is never outlived by a remembered key.
   */
  async keysOf(personIds: readonly string[]): Promise<Keyring> {
    const unique = [...new Set(personIds)];
    const { rows } = await this.pool.query<{ person_id: string; wrapped_key: Buffer | null }>(
      'SELECT person_id, wrapped_key FROM ledger_person_keys WHERE person_id = ANY($1)',
      [unique],
    );
    const found = new Map(rows.map((row) => [row.person_id, row.wrapped_key]));
    return new Map(unique.map((personId) => [personId, this.keyFrom(personId, found.has(personId) ? { wrapped_key: found.get(personId)! } : undefined)]));
  }

  private async keyOf(personId: string): Promise<PersonKey> {
    const { rows } = await this.pool.query<{ wrapped_key: Buffer | null }>('SELECT wrapped_key FROM ledger_person_keys WHERE person_id = $1', [personId]);
    return this.keyFrom(personId, rows[0]);
  }

  private keyFrom(personId: string, row: { wrapped_key: Buffer | null } | undefined): PersonKey {
    if (!row) return { state: 'none' };
    if (row.wrapped_key === null) return { state: 'destroyed' };
    const dataKey = unwrap(this.keyEncryptionKey, personId, row.wrapped_key);
    // Separate subkeys for the two jobs the data key does, so neither use can weaken the other.
    return { state: 'live', encryption: derive(dataKey, 'encryption'), siv: derive(dataKey, 'synthetic-iv') };
  }
}

function liveOrRefused(personId: string, key: PersonKey): LiveKey {
  if (key.state !== 'live') throw new PersonErasedError(personId);
  return key;
}

interface FieldContext {
  personId: string;
  eventId: string;
  type: string;
  path: string;
}

/**
 * AES-256-GCM with a synthetic IV: IV = HMAC-SHA256(siv key, eventId|path|plaintext), first 12
 * bytes. Deterministic on purpose: the same event sent again encrypts to the same bytes, so the
 * store still recognises it as the same content (idempotency). GCM's one rule is "never reuse an
 * IV under one key for two different plaintexts"; here an IV repeats only when eventId, path AND
 * plaintext all repeat (barring a 96-bit HMAC collision), i.e. only for the identical message, and
 * then the ciphertext is identical too, revealing nothing beyond "these two are equal". The
 * context (person, event, type, path) is also bound as associated data, so a ciphertext cannot be
 * moved to another field, event or person without failing authentication.
 */
function encryptValue(key: { encryption: Buffer; siv: Buffer }, context: FieldContext, value: unknown): EncryptedValue {
  const plaintext = Buffer.from(canonicalJson(value), 'utf8');
  const iv = createHmac('sha256', key.siv).update(canonicalJson([context.eventId, context.path, plaintext.toString('utf8')])).digest().subarray(0, IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key.encryption, iv);
  cipher.setAAD(associatedData(context));
  const sealed = Buffer.concat([iv, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return { $enc: `${FORMAT}.${sealed.toString('base64url')}` };
}

function decryptValue(key: { encryption: Buffer }, context: FieldContext, value: EncryptedValue): unknown {
  const [format, body] = value.$enc.split('.', 2);
  const sealed = Buffer.from(body ?? '', 'base64url');
  if (format !== FORMAT || sealed.length < IV_BYTES + TAG_BYTES) return UNREADABLE;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.encryption, sealed.subarray(0, IV_BYTES));
    decipher.setAAD(associatedData(context));
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    const plaintext = Buffer.concat([decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)), decipher.final()]);
    return JSON.parse(plaintext.toString('utf8'));
  } catch {
    // Not sealed with this person's key for this place (another ledger's export, or altered).
    return UNREADABLE;
  }
}

function associatedData(context: FieldContext): Buffer {
  return Buffer.from(canonicalJson([FORMAT, context.personId, context.eventId, context.type, context.path]), 'utf8');
}

function derive(secret: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'journey-ledger', purpose, KEY_BYTES));
}

/** Data keys rest wrapped (AES-256-GCM, random IV) and bound to their person. */
function wrap(keyEncryptionKey: Buffer, personId: string, dataKey: Buffer): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keyEncryptionKey, iv);
  cipher.setAAD(Buffer.from(`person-key:${personId}`, 'utf8'));
  return Buffer.concat([iv, cipher.update(dataKey), cipher.final(), cipher.getAuthTag()]);
}

function unwrap(keyEncryptionKey: Buffer, personId: string, wrapped: Buffer): Buffer {
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyEncryptionKey, wrapped.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(`person-key:${personId}`, 'utf8'));
    decipher.setAuthTag(wrapped.subarray(wrapped.length - TAG_BYTES));
    return Buffer.concat([decipher.update(wrapped.subarray(IV_BYTES, wrapped.length - TAG_BYTES)), decipher.final()]);
  } catch {
    throw new PersonKeyUnwrapError(personId);
  }
}

function toErasure(row: any, alreadyErased: boolean): Erasure {
  return { personId: row.person_id, destroyedAt: (row.destroyed_at as Date).toISOString(), reason: row.reason, destroyedBy: row.destroyed_by, alreadyErased };
}
