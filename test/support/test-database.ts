import { randomBytes } from 'node:crypto';
import { Client, Pool } from 'pg';
import { Migration, runMigrations } from '../../libs/event-store/src/postgres/migrations';

/**
 * A fresh database for one test suite, on the run's PostgreSQL (see global-setup.ts):
 * real PostgreSQL, never a mock, and no suite sees another's data.
 */
export interface TestDatabase {
  url: string;
  pool: Pool;
  drop(): Promise<void>;
}

export async function createTestDatabase(migrations: readonly Migration[], poolSize = 12): Promise<TestDatabase> {
  const adminUrl = process.env.LEDGER_TEST_ADMIN_URL;
  if (!adminUrl) throw new Error('LEDGER_TEST_ADMIN_URL is not set: run the tests through jest (test/support/global-setup.ts)');
  const name = `ledger_test_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = withDatabase(adminUrl, name);
  const pool = new Pool({ connectionString: url, max: poolSize });
  pool.on('error', () => undefined);
  // As LedgerDatabase does: a connection dropped while checked out fails its query, not the process.
  pool.on('connect', (client) => client.on('error', () => undefined));
  await runMigrations(pool, migrations);
  return {
    url,
    pool,
    async drop() {
      await pool.end();
      const client = new Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
