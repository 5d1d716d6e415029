import type { Migration } from './migrations';

/**
 * The event table. What the database itself guarantees:
 * - append-only: UPDATE, DELETE and TRUNCATE raise an error (triggers), so only someone who
 *   deliberately disables triggers can alter history, and `verify` then finds it;
 * - `position` is the global order. Appenders take one transaction-scoped advisory lock before
 *   choosing positions and hold it until COMMIT; PostgreSQL makes a transaction visible before it
 *   releases its locks, so positions become visible in commit order, without gaps, and a reader
 *   following `position > checkpoint` can never skip an event committed late (see README).
 * - `(person_id, version)` unique: one event per stream slot, whatever the application does.
 * The hash chain covers the stored envelope (personal data as stored, i.e. encrypted), so
 * destroying a person's key later cannot break it.
 */
export const EVENT_STORE_MIGRATIONS: Migration[] = [
  {
    id: 'store/001-events',
    sql: `
      CREATE TABLE ledger_events (
        position      bigint PRIMARY KEY,
        event_id      uuid NOT NULL UNIQUE,
        person_id     text NOT NULL,
        version       integer NOT NULL CHECK (version >= 1),
        type          text NOT NULL,
        occurred_at   text NOT NULL,
        recorded_at   timestamptz NOT NULL,
        area          text NOT NULL,
        source        jsonb,
        recorded_by   text,
        data          jsonb NOT NULL,
        hash          char(64) NOT NULL,
        previous_hash char(64),
        appended_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
        UNIQUE (person_id, version)
      );
      CREATE INDEX ledger_events_recorded_at ON ledger_events (recorded_at);

      -- The last event of every stream: lets an append find the stream's version and hash in
      -- one lookup, and lets verify notice events removed from the end of a stream.
      CREATE TABLE ledger_stream_heads (
        person_id text PRIMARY KEY,
        version   integer NOT NULL,
        hash      char(64) NOT NULL,
        position  bigint NOT NULL
      );

      CREATE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the ledger is append-only: % on % is refused', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END $$;
      CREATE TRIGGER ledger_events_append_only BEFORE UPDATE OR DELETE ON ledger_events
        FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
      CREATE TRIGGER ledger_events_no_truncate BEFORE TRUNCATE ON ledger_events
        FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
    `,
  },
  {
    id: 'store/002-type-index',
    // Reports "as known at T" read the events of a few types recorded by T.
    sql: `CREATE INDEX ledger_events_type_recorded_at ON ledger_events (type, recorded_at);`,
  },
];
