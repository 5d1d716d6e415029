import type { Migration } from '@ledger/event-store/postgres/migrations';

/**
 * Who read what, kept like the event table: rows can only be added (UPDATE, DELETE and TRUNCATE
 * raise an error), and every row's hash covers its content and the previous row's hash, so
 * someone who disables the triggers to alter or remove a row is caught by `AccessLog.verify()`.
 * `ledger_access_log_head` records the last row written, so removing rows from the end shows too.
 */
export const ACCESS_LOG_MIGRATIONS: Migration[] = [
  {
    id: 'access/001-access-log',
    sql: `
      CREATE TABLE ledger_access_log (
        position      bigint PRIMARY KEY,
        at            timestamptz NOT NULL,
        subject       text NOT NULL,
        role          text NOT NULL,
        area          text,
        person_id     text,
        action        text NOT NULL,
        what          text,
        purpose       text,
        hash          char(64) NOT NULL,
        previous_hash char(64)
      );
      CREATE INDEX ledger_access_log_person ON ledger_access_log (person_id, position);

      CREATE TABLE ledger_access_log_head (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        position  bigint NOT NULL,
        hash      char(64) NOT NULL
      );

      CREATE FUNCTION ledger_access_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the access log is append-only: % on % is refused', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END $$;
      CREATE TRIGGER ledger_access_log_append_only BEFORE UPDATE OR DELETE ON ledger_access_log
        FOR EACH ROW EXECUTE FUNCTION ledger_access_log_refuse_change();
      CREATE TRIGGER ledger_access_log_no_truncate BEFORE TRUNCATE ON ledger_access_log
        FOR EACH STATEMENT EXECUTE FUNCTION ledger_access_log_refuse_change();
    `,
  },
  {
    id: 'access/003-access-log-append',
    // One round trip for an entry chained to a head the writer already knows (AccessLog.write):
    // under the lock, it is written only if that head is still the last entry, so the chain stays
    // one unbroken sequence whoever else writes; otherwise nothing is written and false returned.
    sql: `
      CREATE FUNCTION ledger_access_log_append(
        lock_key bigint, p_position bigint, p_at timestamptz, p_subject text, p_role text, p_area text, p_person_id text,
        p_action text, p_what text, p_purpose text, p_hash text, p_previous_hash text
      ) RETURNS boolean LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(lock_key);
        IF NOT EXISTS (SELECT 1 FROM ledger_access_log_head WHERE position = p_position - 1 AND hash::text = p_previous_hash) THEN
          RETURN false;
        END IF;
        INSERT INTO ledger_access_log (position, at, subject, role, area, person_id, action, what, purpose, hash, previous_hash)
          VALUES (p_position, p_at, p_subject, p_role, p_area, p_person_id, p_action, p_what, p_purpose, p_hash, p_previous_hash);
        UPDATE ledger_access_log_head SET position = p_position, hash = p_hash;
        RETURN true;
      END $$;
    `,
  },
];
