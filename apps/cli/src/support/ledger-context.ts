import { DynamicModule, LogLevel, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { EVENT_STORE, LedgerModule } from '@ledger/application';
import { LedgerConfig, loadLedgerConfig } from '@ledger/config';
import type { EventStore } from '@ledger/event-store';
import { ProjectionRunner } from '@ledger/projections';
import { AccessLog } from '@ledger/access/access-log/access-log';

/**
 * The CLI's Nest module: the same application layer as the API, without background projections
 * (a command catches a read model up when it needs it, then exits).
 */
@Module({})
export class CliModule {
  static forRoot(config: LedgerConfig): DynamicModule {
    return { module: CliModule, imports: [LedgerModule.forRoot({ config, runProjections: false })] };
  }
}

/** What a verb gets to work with: the same buses the HTTP API sends its commands and queries through. */
export interface LedgerContext {
  commandBus: CommandBus;
  queryBus: QueryBus;
  store: EventStore;
  runner: ProjectionRunner;
  /** The access log, for reads of personal data (see access-record.ts). */
  accessLog: AccessLog;
}

/** Nest's and the database's log lines only when asked for (DEBUG or --verbose): a command's output is its result. */
function loggerLevels(): LogLevel[] | false {
  return process.env.DEBUG || process.env.LEDGER_CLI_VERBOSE ? ['log', 'warn', 'error', 'debug'] : false;
}

/**
 * Boots the ledger (the embedded PostgreSQL in LEDGER_DATA_DIR unless DATABASE_URL is set), runs
 * `work`, and always closes it again, so an embedded PostgreSQL this command started is stopped.
 */
export async function withLedger<T>(work: (ledger: LedgerContext) => Promise<T>): Promise<T> {
  const config = loadLedgerConfig();
  const app = await NestFactory.createApplicationContext(CliModule.forRoot(config), { logger: loggerLevels(), abortOnError: false });
  // Ctrl-C closes the ledger properly too (and so stops an embedded PostgreSQL this process started).
  app.enableShutdownHooks(['SIGINT', 'SIGTERM']);
  try {
    return await work({
      commandBus: app.get(CommandBus),
      queryBus: app.get(QueryBus),
      store: app.get<EventStore>(EVENT_STORE),
      runner: app.get(ProjectionRunner),
      accessLog: app.get(AccessLog),
    });
  } finally {
    await app.close();
  }
}
