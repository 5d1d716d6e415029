import { createHash } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { canonicalJson } from '@ledger/event-store/hashing/canonical-json';

/** Serialises writers of the single chain (the store's append lock is 7_316_002). */
export const ACCESS_LOG_LOCK = 7_316_003;

/** One access, as the caller describes it. */
export interface AccessLogEntry {
  subject: string;
  role: string;
  /** The area of the data read (or written). */
  area?: string;
  personId?: string;
  /** The policy action, e.g. `person.timeline`. */
  action: string;
  /** What exactly was asked for, e.g. `GET /api/persons/P-1/timeline?asOf=...`. */
  what?: string;
  /** The purpose the caller stated (X-Purpose). */
  purpose?: string;
}

export interface AccessLogRecord extends AccessLogEntry {
  position: number;
  /** ISO-8601 UTC instant of the access. */
  at: string;
  hash: string;
  previousHash: string | null;
}

export type AccessLogProblem = 'altered' | 'missing' | 'broken-link' | 'truncated';

export interface AccessLogBreak {
  /** The first entry found altered, or the first position found missing. */
  position: number;
  problem: AccessLogProblem;
  message: string;
}

export interface AccessLogReport {
  intact: boolean;
  entries: number;
  firstBreak: AccessLogBreak | null;
  checkedAt: string;
}

const COLUMNS = 'position, at, subject, role, area, person_id, action, what, purpose, hash, previous_hash';

/** The tamper-evident record of who read whose record, when and why. */
export class AccessLog {
  /** The entry this process wrote last: usually still the head of the chain when it writes next. */
  private head: { position: number; hash: string } | null = null;
  /** Entries of this process are written one after another (the chain is one sequence anyway). */
  private writing: Promise<unknown> = Promise.resolve();

  constructor(private readonly pool: Pool, private readonly clock: () => Date = () => new Date()) {}

  record(entry: AccessLogEntry): Promise<AccessLogRecord> {
    const written = this.writing.then(() => this.write(entry));
    this.writing = written.catch(() => undefined);
    return written;
  }

  /**
   * One round trip in the usual case: the entry is chained to the head this process wrote last
   * and `ledger_access_log_append` writes it only if that is still the head (checked under the
   * lock). When another process wrote meanwhile (the CLI, a second server) or nothing is known
   * yet, the head is read under the lock instead.
   */
  private async write(entry: AccessLogEntry): Promise<AccessLogRecord> {
    if (this.head) {
      const stored = this.chained(entry, this.head);
      const { rows } = await this.pool.query<{ written: boolean }>({
        name: 'ledger_access_log_append',
        text: 'SELECT ledger_access_log_append($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) AS written',
        values: [ACCESS_LOG_LOCK, ...entryValues(stored)],
      });
      if (rows[0].written) {
        this.head = { position: stored.position, hash: stored.hash };
        return stored;
      }
    }
    const stored = await this.writeUnderLock(entry);
    this.head = { position: stored.position, hash: stored.hash };
    return stored;
  }

  private async writeUnderLock(entry: AccessLogEntry): Promise<AccessLogRecord> {
    const client = await this.pool.connect();
    try {
      // One round trip for the three (constants only, so the simple protocol takes them together);
      // the head is read by its own statement, after the lock, so it sees the last writer's commit.
      const results = (await client.query(
        `BEGIN; SELECT pg_advisory_xact_lock(${ACCESS_LOG_LOCK}); SELECT position, hash FROM ledger_access_log_head`,
      )) as unknown as Array<{ rows: Array<{ position: string; hash: string }> }>;
      const { rows } = results[2];
      const stored = this.chained(entry, rows[0] ? { position: Number(rows[0].position), hash: rows[0].hash } : null);
      await client.query(
        `WITH entry AS (
           INSERT INTO ledger_access_log (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         )
         INSERT INTO ledger_access_log_head (singleton, position, hash) VALUES (true, $1, $10)
         ON CONFLICT (singleton) DO UPDATE SET position = EXCLUDED.position, hash = EXCLUDED.hash`,
        entryValues(stored),
      );
      await client.query('COMMIT');
      return stored;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private chained(entry: AccessLogEntry, head: { position: number; hash: string } | null): AccessLogRecord {
    const withoutHash = {
      ...normalised(entry),
      position: (head?.position ?? 0) + 1,
      at: this.clock().toISOString(),
      previousHash: head?.hash ?? null,
    };
    return { ...withoutHash, hash: entryHash(withoutHash) };
  }

  /** Every recorded access to one person's record, oldest first. */
  async forPerson(personId: string): Promise<AccessLogRecord[]> {
    const { rows } = await this.pool.query(`SELECT ${COLUMNS} FROM ledger_access_log WHERE person_id = $1 ORDER BY position`, [personId]);
    return rows.map(rowToRecord);
  }

  /**
   * Walks the whole chain once, in batches, and names the first entry found altered or missing.
   * One repeatable-read snapshot, so entries recorded meanwhile cannot look like a broken end.
   */
  async verify(batchSize = 5000): Promise<AccessLogReport> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const walked = await findFirstBreak(client, batchSize);
      await client.query('COMMIT');
      return { intact: walked.problem === null, entries: walked.entries, firstBreak: walked.problem, checkedAt: this.clock().toISOString() };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}

async function findFirstBreak(client: PoolClient, batchSize: number): Promise<{ entries: number; problem: AccessLogBreak | null }> {
  let entries = 0;
  let previous: { position: number; hash: string | null } = { position: 0, hash: null };
  const broken = (problem: AccessLogBreak) => ({ entries, problem });
  for (;;) {
    const { rows } = await client.query(`SELECT ${COLUMNS} FROM ledger_access_log WHERE position > $1 ORDER BY position LIMIT $2`, [previous.position, batchSize]);
    if (rows.length === 0) break;
    for (const row of rows) {
      const record = rowToRecord(row);
      entries += 1;
      const expected = previous.position + 1;
      if (record.position !== expected) {
        return broken({ position: expected, problem: 'missing', message: `access log entry ${expected}${record.position - 1 > expected ? `-${record.position - 1}` : ''} is missing` });
      }
      if (entryHash(record) !== record.hash) {
        return broken({ position: record.position, problem: 'altered', message: `access log entry ${record.position} does not match its hash: it was changed` });
      }
      if (record.previousHash !== previous.hash) {
        return broken({ position: record.position, problem: 'broken-link', message: `access log entry ${record.position} does not chain to entry ${previous.position}: one of them was replaced` });
      }
      previous = { position: record.position, hash: record.hash };
    }
  }
  const { rows: head } = await client.query<{ position: string; hash: string }>('SELECT position, hash FROM ledger_access_log_head');
  const headPosition = Number(head[0]?.position ?? 0);
  if (head[0] && headPosition === previous.position && head[0].hash !== previous.hash) {
    return broken({ position: headPosition, problem: 'altered', message: `access log entry ${headPosition} is not the entry written last: it was replaced` });
  }
  if (headPosition !== previous.position) {
    return broken({
      position: previous.position + 1,
      problem: 'truncated',
      message: `the access log should end at entry ${headPosition} but ends at entry ${previous.position}: entries were removed from its end`,
    });
  }
  return { entries, problem: null };
}

/** An entry's values in COLUMNS order. */
function entryValues(stored: AccessLogRecord): unknown[] {
  return [stored.position, stored.at, stored.subject, stored.role, stored.area ?? null, stored.personId ?? null, stored.action,
    stored.what ?? null, stored.purpose ?? null, stored.hash, stored.previousHash];
}

/** Absent and null are the same thing in the table; hash them the same way. */
function normalised(entry: AccessLogEntry): AccessLogEntry {
  const result: AccessLogEntry = { subject: entry.subject, role: entry.role, action: entry.action };
  if (entry.area != null) result.area = entry.area;
  if (entry.personId != null) result.personId = entry.personId;
  if (entry.what != null) result.what = entry.what;
  if (entry.purpose != null) result.purpose = entry.purpose;
  return result;
}

function entryHash(record: Omit<AccessLogRecord, 'hash'>): string {
  const covered = {
    position: record.position,
    at: record.at,
    subject: record.subject,
    role: record.role,
    area: record.area ?? null,
    personId: record.personId ?? null,
    action: record.action,
    what: record.what ?? null,
    purpose: record.purpose ?? null,
    previousHash: record.previousHash,
  };
  return createHash('sha256').update(canonicalJson(covered)).digest('hex');
}

function rowToRecord(row: any): AccessLogRecord {
  return {
    ...normalised({ subject: row.subject, role: row.role, area: row.area, personId: row.person_id, action: row.action, what: row.what, purpose: row.purpose }),
    position: Number(row.position),
    at: (row.at as Date).toISOString(),
    hash: row.hash,
    previousHash: row.previous_hash ?? null,
  };
}
