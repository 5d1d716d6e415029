import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { createDatabaseIfMissing, EmbeddedPostgresHandle, ensureEmbeddedPostgres } from '@ledger/event-store';

export interface BenchDatabase {
  /** A database created for this run, empty. */
  url: string;
  kind: 'embedded' | 'DATABASE_URL';
  /** Drops the run's database (and stops the embedded PostgreSQL this run started). */
  dispose(): Promise<void>;
}

/**
 * A fresh database for one run, on DATABASE_URL's server when set, else on an embedded
 * PostgreSQL started in `workDir` with durable settings (fsync on), as the ledger itself runs.
 */
export async function provisionBenchDatabase(workDir: string, log: (message: string) => void): Promise<BenchDatabase> {
  const name = `ledger_bench_${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}_${process.pid}`;
  const external = process.env.DATABASE_URL;
  if (external) {
    await createDatabaseIfMissing(external, name);
    const url = new URL(external);
    url.pathname = `/${name}`;
    return { url: url.toString(), kind: 'DATABASE_URL', dispose: () => dropDatabase(external, name) };
  }
  const dataDir = path.join(workDir, 'postgres');
  // Running as root, PostgreSQL runs as the `postgres` user, who must be able to reach its directory.
  fs.chmodSync(workDir, 0o711);
  const embedded: EmbeddedPostgresHandle = await ensureEmbeddedPostgres({ dataDir, durable: true, log: () => undefined });
  log(`embedded PostgreSQL started in ${dataDir}`);
  await createDatabaseIfMissing(embedded.adminUrl, name);
  return {
    url: embedded.urlFor(name),
    kind: 'embedded',
    dispose: async () => {
      await dropDatabase(embedded.adminUrl, name);
      await embedded.stop();
    },
  };
}

async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

export function makeWorkDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-bench-'));
}
