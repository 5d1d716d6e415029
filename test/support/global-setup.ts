import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureEmbeddedPostgres } from '../../libs/event-store/src/postgres/embedded-postgres';

/**
 * One PostgreSQL for the whole test run; every suite creates its own database in it
 * (test/support/test-database.ts), so suites never see each other's events.
 * - DATABASE_URL set: that server (the machine's PostgreSQL in CI's second pass).
 * - otherwise: an embedded PostgreSQL in a fresh temporary directory, as on a fresh machine.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.DATABASE_URL) {
    process.env.LEDGER_TEST_ADMIN_URL = process.env.DATABASE_URL;
    return;
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-test-'));
  const handle = await ensureEmbeddedPostgres({ dataDir, durable: false });
  process.env.LEDGER_TEST_ADMIN_URL = handle.adminUrl;
  (globalThis as any).__LEDGER_TEST_PG__ = { handle, dataDir };
}
