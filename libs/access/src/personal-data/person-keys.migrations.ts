import type { Migration } from '@ledger/event-store/postgres/migrations';

/**
 * One data key per person, wrapped (encrypted) with the key-encryption key derived from the
 * ledger secret. Unlike the event and access-log tables this one is mutable, on purpose: erasing
 * a person overwrites their key with NULL and records why, when and by whom. What the database
 * still guarantees:
 * - a destroyed key stays destroyed: no UPDATE may touch the row afterwards;
 * - rows are never deleted (nor the table truncated), so every erasure stays on record and a
 *   forgotten person never silently gets a fresh key;
 * - a row either holds a key or records its destruction, never both or neither.
 */
export const PERSON_KEY_MIGRATIONS: Migration[] = [
  {
    id: 'access/002-person-keys',
    sql: `
      CREATE TABLE ledger_person_keys (
        person_id    text PRIMARY KEY,
        wrapped_key  bytea,
        created_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
        destroyed_at timestamptz,
        reason       text,
        destroyed_by text,
        CHECK ((wrapped_key IS NULL) = (destroyed_at IS NOT NULL)),
        CHECK (destroyed_at IS NULL OR (reason IS NOT NULL AND destroyed_by IS NOT NULL))
      );

      CREATE FUNCTION ledger_person_keys_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' THEN
          IF OLD.destroyed_at IS NULL THEN
            RETURN NEW;
          END IF;
        END IF;
        RAISE EXCEPTION 'person keys are destroyed, never restored or deleted: % on % is refused', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END $$;
      CREATE TRIGGER ledger_person_keys_guard BEFORE UPDATE OR DELETE ON ledger_person_keys
        FOR EACH ROW EXECUTE FUNCTION ledger_person_keys_guard();
      CREATE TRIGGER ledger_person_keys_no_truncate BEFORE TRUNCATE ON ledger_person_keys
        FOR EACH STATEMENT EXECUTE FUNCTION ledger_person_keys_guard();
    `,
  },
];
