import { fork } from 'node:child_process';
import * as path from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { CommandBus } from '@nestjs/cqrs';
import { EVENT_STORE } from '@ledger/application';
import type { EventStore } from '@ledger/event-store';
import { loadLedgerConfig, LedgerConfig } from '@ledger/config';
import { loadOrCreateSecret, TokenIssuer } from '@ledger/access/tokens';
import type { Role } from '@ledger/access/roles';
import { createApp } from '../../../apps/api/src/main';
import type { ServerChildMessage } from './ledger-server-child';
import { childExecArgv } from '../support/child-profiling';

/**
 * The ledger's configuration for a run: the run's database and data directory, and projections
 * not following the log in the process (the worker deployment, LEDGER_PROJECTIONS=worker; every
 * read still catches the read model up first). No environment is read, so LEDGER_SECRET and the
 * like cannot leak in and every process of the run uses `<dataDir>/secret.key`, with one
 * exception: with EVENTSTORE_URL set the events go to that KurrentDB, under a stream namespace
 * of the run's own (read models stay in the run's PostgreSQL database).
 */
export function benchLedgerConfig(databaseUrl: string, dataDir: string): LedgerConfig {
  const eventStoreUrl = process.env.EVENTSTORE_URL || undefined;
  return {
    ...loadLedgerConfig({}),
    dataDir,
    databaseUrl,
    eventStoreUrl,
    eventStoreNamespace: eventStoreUrl ? benchNamespace(dataDir) : undefined,
    port: 0,
    projectionsInProcess: false,
    demoData: false,
    logLevel: 'error',
  };
}

/** The same in every process of a run (they share the data directory), different for every run. */
function benchNamespace(dataDir: string): string {
  return `${path.basename(dataDir).replace(/[^A-Za-z0-9-]/g, '-')}.`;
}

/** The Nest application as `npm start` builds it (the same commands and guards), not yet listening. */
export async function buildLedgerApp(config: LedgerConfig): Promise<NestFastifyApplication> {
  const app = await createApp(config, { logger: false, runProjections: false });
  await app.init();
  return app;
}

export interface LedgerInProcess {
  config: LedgerConfig;
  commandBus: CommandBus;
  store: EventStore;
  close(): Promise<void>;
}

/** The ledger in the benchmark's own process, for the bulk import: commands sent on its CommandBus, as `ledger import` does. */
export async function startLedger(databaseUrl: string, dataDir: string): Promise<LedgerInProcess> {
  const config = benchLedgerConfig(databaseUrl, dataDir);
  const app = await buildLedgerApp(config);
  return { config, commandBus: app.get(CommandBus), store: app.get<EventStore>(EVENT_STORE), close: () => app.close() };
}

export interface LedgerServer {
  /** The port it serves HTTP on, on 127.0.0.1. */
  port: number;
  close(): Promise<void>;
}

/** Tokens the run's servers accept, signed with the run's secret in `dataDir` (as `ledger token` does). */
export function benchTokens(dataDir: string): (role: Role, area?: string) => Promise<string> {
  const issuer = new TokenIssuer(loadOrCreateSecret(dataDir, benchLedgerConfig('', dataDir).secret));
  return (role, area) => issuer.issue({ subject: `bench-${role}`, role, area });
}

/** Settings a figure runs a server with, over the run's configuration (say, no timeline copies kept). */
export type ServerSettings = Partial<Pick<LedgerConfig, 'timelineCacheMb'>>;

/** How long the server has to close (app.close()) before it is killed. */
const CLOSE_TIMEOUT_MS = 30_000;

/**
 * The API in a process of its own, as it is deployed, so the load generator's HTTP client work
 * does not share the server's event loop. Same application and configuration as `startLedger`.
 */
export async function startLedgerServer(databaseUrl: string, dataDir: string, settings: ServerSettings = {}): Promise<LedgerServer> {
  const child = fork(path.join(__dirname, 'ledger-server-child.js'), [], {
    execArgv: childExecArgv(),
    env: { ...process.env, BENCH_DATABASE_URL: databaseUrl, BENCH_DATA_DIR: dataDir, BENCH_SERVER_SETTINGS: JSON.stringify(settings) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (message: ServerChildMessage) => resolve(message.port));
    child.on('error', reject);
    exited.then((code) => reject(new Error(`the ledger server process exited with code ${code} before listening`)));
  });
  return {
    port,
    close: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.send('close');
        const timer = setTimeout(() => child.kill('SIGKILL'), CLOSE_TIMEOUT_MS);
        const code = await exited;
        clearTimeout(timer);
        if (code !== 0) throw new Error(`the ledger server process exited with code ${code}`);
      }
    },
  };
}
