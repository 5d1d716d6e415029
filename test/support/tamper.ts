import type { Pool } from 'pg';

/**
 * What only someone with database access who disables the append-only triggers could do:
 * runs `sql` with `session_replication_role = 'replica'` (triggers off) on one connection.
 * The tamper-evidence tests use it to alter history and prove that verification notices.
 */
export async function tamper(pool: Pool, sql: string, params: unknown[] = []): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query("SET session_replication_role = 'replica'");
    await client.query(sql, params);
  } finally {
    await client.query("SET session_replication_role = 'origin'");
    client.release();
  }
}
