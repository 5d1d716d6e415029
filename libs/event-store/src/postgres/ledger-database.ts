import { Client, Pool } from 'pg';
import { ensureEmbeddedPostgres, EmbeddedPostgresHandle } from './embedded-postgres';
import { Migration, runMigrations } from './migrations';

export interface OpenDatabaseOptions {
  /** An external PostgreSQL; when absent the embedded one in `dataDir` is used. */
  databaseUrl?: string;
  dataDir: string;
  /** Database created inside the embedded instance (ignored with databaseUrl). */
  databaseName?: string;
  migrations: readonly Migration[];
  log?: (message: string) => void;
  /** Pool size: the API wants a few, a bulk import one, the benchmark more. */
  maxConnections?: number;
  durable?: boolean;
}

/** What the ledger's connections call themselves in `pg_stat_activity`. */
export const LEDGER_APPLICATION_NAME = 'journey-ledger';

/** The PostgreSQL the ledger keeps its events (PostgreSQL adapter), read models and logs in. */
export class LedgerDatabase {
  private constructor(
    readonly pool: Pool,
    readonly url: string,
    private readonly embedded: EmbeddedPostgresHandle | null,
  ) {}

  static async open(options: OpenDatabaseOptions): Promise<LedgerDatabase> {
    let url = options.databaseUrl;
    let embedded: EmbeddedPostgresHandle | null = null;
    if (!url) {
      embedded = await ensureEmbeddedPostgres({ dataDir: options.dataDir, log: options.log, durable: options.durable });
      const name = options.databaseName ?? 'ledger';
      await createDatabaseIfMissing(embedded.adminUrl, name);
      url = embedded.urlFor(name);
    }
    // Named, so that a database administrator sees whose connections these are (pg_stat_activity).
    const pool = new Pool({ connectionString: url, max: options.maxConnections ?? 10, application_name: LEDGER_APPLICATION_NAME });
    // A dropped idle connection must not crash the process; the next query gets a fresh one.
    pool.on('error', (error) => options.log?.(`PostgreSQL connection error: ${error.message}`));
    // Nor one dropped while checked out (a server restart or a terminated backend in the middle of
    // an append): the socket's error is emitted on the client as well as failing its query, and the
    // pool listens only to idle clients. The failed query reports it; the pool discards the client.
    pool.on('connect', (client) => client.on('error', () => undefined));
    try {
      await runMigrations(pool, options.migrations);
    } catch (error) {
      await pool.end();
      await embedded?.stop();
      throw error;
    }
    return new LedgerDatabase(pool, url, embedded);
  }

  /** Whether this process started the embedded PostgreSQL (and will stop it on close). */
  get ownsEmbeddedInstance(): boolean {
    return this.embedded?.owned ?? false;
  }

  private closing: Promise<void> | null = null;

  /** Idempotent: a signal handler and the normal shutdown path may both ask. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.pool.end();
      if (this.embedded?.owned) await this.embedded.stop();
    })();
    return this.closing;
  }
}

export async function createDatabaseIfMissing(adminUrl: string, name: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`invalid database name ${name}`);
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) {
      await client.query(`CREATE DATABASE ${name}`).catch((error) => {
        // Another process created it between our check and our CREATE: that is fine.
        if (error.code !== '42P04') throw error;
      });
    }
  } finally {
    await client.end();
  }
}
