import * as path from 'node:path';

/**
 * Every setting the ledger reads from its environment, in one place, with its default.
 * The README's configuration table is written from this list.
 */
export interface LedgerConfig {
  /** Where the embedded PostgreSQL, the local signing secret and other local state live. */
  dataDir: string;
  /** An existing PostgreSQL (14+) instead of the embedded one. */
  databaseUrl?: string;
  /**
   * Where the events live when not beside the read models: a KurrentDB / EventStoreDB connection
   * string, or a second PostgreSQL's (`postgres://`). Read models, checkpoints, the access log and
   * the personal-data keys stay in `databaseUrl` (or the embedded PostgreSQL).
   */
  eventStoreUrl?: string;
  /** Prefix of every KurrentDB stream name, so several ledgers (or benchmark runs) can share one server. */
  eventStoreNamespace?: string;
  /** HTTP port of the API and pages. */
  port: number;
  /** Interface the server listens on: loopback unless deliberately opened (a container sets 0.0.0.0). */
  host: string;
  /** Overrides the token-signing secret generated into the data directory. */
  secret?: string;
  /** Run projections inside the API process (default) or leave them to `ledger worker`. */
  projectionsInProcess: boolean;
  /** Load the demo population when the ledger is empty on `npm start`. */
  demoData: boolean;
  /** error, warn, log (NestJS's start-up detail) or debug. */
  logLevel: 'error' | 'warn' | 'log' | 'debug';
  /** Areas where category 2/3 people at MAPPA level 2/3 are adopted onto IOM automatically. */
  iomAutoAdoptionAreas: string[];
  /** Memory for ready-to-send timelines in the API process, in MiB (0: build every timeline afresh). */
  timelineCacheMb: number;
}

export function loadLedgerConfig(env: NodeJS.ProcessEnv = process.env): LedgerConfig {
  return {
    dataDir: path.resolve(env.LEDGER_DATA_DIR || '.ledger'),
    databaseUrl: env.DATABASE_URL || undefined,
    eventStoreUrl: parseEventStoreUrl(env.EVENTSTORE_URL),
    eventStoreNamespace: env.EVENTSTORE_NAMESPACE || undefined,
    port: parsePort(env.PORT ?? '3000'),
    host: env.HOST || '127.0.0.1',
    secret: env.LEDGER_SECRET || undefined,
    projectionsInProcess: (env.LEDGER_PROJECTIONS ?? 'in-process') !== 'worker',
    demoData: (env.LEDGER_DEMO_DATA ?? 'on') !== 'off',
    logLevel: parseLogLevel(env.LOG_LEVEL ?? 'warn'),
    iomAutoAdoptionAreas: (env.LEDGER_IOM_AUTO_ADOPTION ?? 'warwickshire')
      .split(',')
      .map((area) => area.trim())
      .filter(Boolean),
    timelineCacheMb: parseMebibytes('LEDGER_TIMELINE_CACHE_MB', env.LEDGER_TIMELINE_CACHE_MB ?? '64'),
  };
}

/** The event store's adapter, read off its URL's scheme. */
export type EventStoreKind = 'postgres' | 'kurrentdb';

const EVENT_STORE_SCHEMES: Record<string, EventStoreKind> = {
  'postgres:': 'postgres',
  'postgresql:': 'postgres',
  'kurrentdb:': 'kurrentdb',
  'kurrentdb+discover:': 'kurrentdb',
  'esdb:': 'kurrentdb',
  'esdb+discover:': 'kurrentdb',
};

export function eventStoreKind(url: string): EventStoreKind {
  const scheme = /^[a-z+]+:/i.exec(url)?.[0].toLowerCase() ?? '';
  const kind = EVENT_STORE_SCHEMES[scheme];
  // The scheme only: the rest of a connection string may hold a password.
  if (!kind) throw new Error(`EVENTSTORE_URL must start with kurrentdb://, esdb:// (KurrentDB) or postgres:// (a second PostgreSQL), ${scheme ? `not ${scheme}//` : 'and has no scheme'}`);
  return kind;
}

function parseEventStoreUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  eventStoreKind(value); // refuse an unknown scheme at start, not at the first append
  return value;
}

function parseMebibytes(name: string, value: string): number {
  const mebibytes = Number(value);
  if (value.trim() === '' || !Number.isInteger(mebibytes) || mebibytes < 0) throw new Error(`${name} must be a whole number of MiB (0 or more), got "${value}"`);
  return mebibytes;
}

function parseLogLevel(value: string): LedgerConfig['logLevel'] {
  const level = value === 'info' ? 'log' : value;
  if (level === 'error' || level === 'warn' || level === 'log' || level === 'debug') return level;
  throw new Error(`LOG_LEVEL must be error, warn, log or debug, got "${value}"`);
}

/** The NestJS logger levels that a configured level lets through. */
export function loggerLevels(level: LedgerConfig['logLevel']): Array<'error' | 'warn' | 'log' | 'debug'> {
  const order = ['error', 'warn', 'log', 'debug'] as const;
  return order.slice(0, order.indexOf(level) + 1);
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a TCP port number (0-65535), got "${value}"`);
  }
  return port;
}
