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
];
