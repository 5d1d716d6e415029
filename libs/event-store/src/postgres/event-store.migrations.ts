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
  {
    id: 'store/003-append-planned',
    // One round trip for an append planned (and hashed) before the lock: see appendPlanned in
    // postgres-event-store.ts. Every statement of a volatile function takes a fresh snapshot, so
    // what it reads after taking the lock includes every append committed before.
    sql: `
      CREATE FUNCTION ledger_append_planned(
        lock_key bigint,
        assumed_persons text[], assumed_versions integer[], assumed_hashes text[],
        offsets bigint[], event_ids uuid[], person_ids text[], versions integer[], types text[],
        occurred_ats text[], recorded_ats timestamptz[], areas text[], sources jsonb[],
        recorded_bys text[], datas jsonb[], hashes text[], previous_hashes text[]
      ) RETURNS bigint LANGUAGE plpgsql AS $$
      DECLARE
        base bigint;
      BEGIN
        PERFORM pg_advisory_xact_lock(lock_key);
        -- The plan stands only if every stream is still where it was assumed to be and no event
        -- is stored yet; otherwise nothing is written and the caller plans again under the lock.
        IF EXISTS (
             SELECT 1 FROM unnest(assumed_persons, assumed_versions, assumed_hashes) AS a(person_id, version, hash)
             LEFT JOIN ledger_stream_heads h ON h.person_id = a.person_id
             WHERE coalesce(h.version, 0) <> a.version OR h.hash::text IS DISTINCT FROM a.hash)
           OR EXISTS (SELECT 1 FROM ledger_events WHERE event_id = ANY(event_ids)) THEN
          RETURN NULL;
        END IF;
        SELECT coalesce(max(position), 0) INTO base FROM ledger_events;
        INSERT INTO ledger_events (position, event_id, person_id, version, type, occurred_at, recorded_at, area, source, recorded_by, data, hash, previous_hash)
          SELECT base + e.o, e.event_id, e.person_id, e.version, e.type, e.occurred_at, e.recorded_at, e.area, e.source, e.recorded_by, e.data, e.hash, e.previous_hash
          FROM unnest(offsets, event_ids, person_ids, versions, types, occurred_ats, recorded_ats, areas, sources, recorded_bys, datas, hashes, previous_hashes)
               AS e(o, event_id, person_id, version, type, occurred_at, recorded_at, area, source, recorded_by, data, hash, previous_hash);
        INSERT INTO ledger_stream_heads (person_id, version, hash, position)
          SELECT DISTINCT ON (e.person_id) e.person_id, e.version, e.hash, base + e.o
          FROM unnest(person_ids, versions, hashes, offsets) AS e(person_id, version, hash, o)
          ORDER BY e.person_id, e.o DESC
          ON CONFLICT (person_id) DO UPDATE SET version = EXCLUDED.version, hash = EXCLUDED.hash, position = EXCLUDED.position;
        PERFORM pg_notify('ledger_events_appended', (base + (SELECT max(o) FROM unnest(offsets) AS o))::text);
        RETURN base;
      END $$;
    `,
  },
  {
    id: 'store/004-drop-recorded-at-index',
    // Every read that filters on recorded_at also names the person or the type, whose indexes
    // serve it; this one only cost every append an extra index entry.
    sql: `DROP INDEX IF EXISTS ledger_events_recorded_at;`,
  },
  {
    id: 'store/005-person-type-index',
    // Recording reads, of each person written about, the events of the types the domain rules
    // look at (readForRecording). Without this index PostgreSQL either reads the people's whole
    // streams or ANDs them with the (type, recorded_at) index, which walks every event of those
    // types in the log: an import's batch read grew from 30 ms to 60 ms over its first million
    // events. With it the read stays proportional to what it returns.
    sql: `CREATE INDEX ledger_events_person_type ON ledger_events (person_id, type);`,
  },
  {
    id: 'store/006-append-staged',
    // ledger_append_planned for large groups (an import's batches): the events come by COPY into
    // the session's temporary table ledger_append_staging (see appendPlanned), which PostgreSQL
    // parses far faster than thirteen array parameters. Same checks, same lock, same result.
    sql: `
      CREATE FUNCTION ledger_append_staged(lock_key bigint, assumed_persons text[], assumed_versions integer[], assumed_hashes text[])
      RETURNS bigint LANGUAGE plpgsql AS $$
      DECLARE
        base bigint;
      BEGIN
        PERFORM pg_advisory_xact_lock(lock_key);
        IF EXISTS (
             SELECT 1 FROM unnest(assumed_persons, assumed_versions, assumed_hashes) AS a(person_id, version, hash)
             LEFT JOIN ledger_stream_heads h ON h.person_id = a.person_id
             WHERE coalesce(h.version, 0) <> a.version OR h.hash::text IS DISTINCT FROM a.hash)
           OR EXISTS (SELECT 1 FROM pg_temp.ledger_append_staging s JOIN ledger_events e ON e.event_id = s.event_id) THEN
          RETURN NULL;
        END IF;
        SELECT coalesce(max(position), 0) INTO base FROM ledger_events;
        INSERT INTO ledger_events (position, event_id, person_id, version, type, occurred_at, recorded_at, area, source, recorded_by, data, hash, previous_hash)
          SELECT base + s.o, s.event_id, s.person_id, s.version, s.type, s.occurred_at, s.recorded_at, s.area, s.source, s.recorded_by, s.data, s.hash, s.previous_hash
          FROM pg_temp.ledger_append_staging s ORDER BY s.o;
        INSERT INTO ledger_stream_heads (person_id, version, hash, position)
          SELECT DISTINCT ON (s.person_id) s.person_id, s.version, s.hash, base + s.o
          FROM pg_temp.ledger_append_staging s
          ORDER BY s.person_id, s.o DESC
          ON CONFLICT (person_id) DO UPDATE SET version = EXCLUDED.version, hash = EXCLUDED.hash, position = EXCLUDED.position;
        PERFORM pg_notify('ledger_events_appended', (base + (SELECT max(o) FROM pg_temp.ledger_append_staging))::text);
        RETURN base;
      END $$;
    `,
  },
];
