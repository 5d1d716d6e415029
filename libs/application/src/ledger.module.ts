import { DynamicModule, Global, Inject, Injectable, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { eventStoreKind, LedgerConfig } from '@ledger/config';
import { EVENT_STORE_MIGRATIONS, EventStore, LedgerDatabase, PostgresEventStore } from '@ledger/event-store';
import { IomAutoAdoptionPolicy, ProjectionRunner, ResolvedEventsProjection, ResolvedEventsReader } from '@ledger/projections';
import { VerifyLedgerHandler } from './audit/verify.query';
import { ForgetPersonHandler } from './erasure/forget-person.command';
import { PERSON_HANDLERS } from './persons/person.queries';
import { EventsLogHandler } from './recording/events-log.query';
import { StoredEventPublisher } from './recording/event-recorded.event';
import { PERSONAL_DATA, PersonalDataProtector } from './recording/personal-data';
import { EncryptedPersonalData } from './recording/encrypted-personal-data';
import { PersonalDataCipher } from '@ledger/access/personal-data/personal-data-cipher';
import { loadOrCreateSecret } from '@ledger/access/tokens';
import { AccessLog } from '@ledger/access/access-log/access-log';
import { RecordEventsHandler } from './recording/record-events.handler';
import { FactSource } from './reports/fact-source';
import { REPORT_HANDLERS } from './reports/report.handlers';
import { ALL_MIGRATIONS, READ_SIDE_MIGRATIONS } from './runtime/migrations';
import { TimelineCache } from './persons/timeline-cache';
import { QuestionScope } from './runtime/question-scope';
import { EVENT_STORE, LEDGER_CONFIG, LEDGER_SECRET } from './runtime/tokens';

export interface LedgerModuleOptions {
  config: LedgerConfig;
  /** Follow the log in the background (the API does unless a worker is configured; commands do not). */
  runProjections: boolean;
}

/** Opens and closes the ledger's resources with the Nest application. */
@Injectable()
class LedgerLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Ledger');
  constructor(
    private readonly database: LedgerDatabase,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly runner: ProjectionRunner,
    @Inject('LEDGER_MODULE_OPTIONS') private readonly options: LedgerModuleOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.runner.ensureCreated();
    if (this.options.runProjections) {
      await this.runner.start();
      this.logger.log(`projections following the log in this process: ${this.runner.names.join(', ')}`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runner.stop();
    await this.store.close();
    await this.database.close();
  }
}

/**
 * The ledger's application layer: the store, the read models and every command and query,
 * wired through @nestjs/cqrs. The API server and the CLI both run on it.
 */
@Global()
@Module({})
export class LedgerModule {
  static forRoot(options: LedgerModuleOptions): DynamicModule {
    const { config } = options;
    const logger = new Logger('Database');
    return {
      module: LedgerModule,
      imports: [CqrsModule.forRoot()],
      providers: [
        { provide: 'LEDGER_MODULE_OPTIONS', useValue: options },
        { provide: LEDGER_CONFIG, useValue: config },
        {
          provide: LedgerDatabase,
          useFactory: () =>
            LedgerDatabase.open({
              databaseUrl: config.databaseUrl,
              dataDir: config.dataDir,
              migrations: config.eventStoreUrl ? READ_SIDE_MIGRATIONS : ALL_MIGRATIONS,
              log: (message) => logger.log(message),
            }),
        },
        {
          provide: EVENT_STORE,
          inject: [LedgerDatabase],
          useFactory: async (database: LedgerDatabase): Promise<EventStore> => {
            if (!config.eventStoreUrl) return new PostgresEventStore(database.pool);
            if (eventStoreKind(config.eventStoreUrl) === 'postgres') {
              // Events in a PostgreSQL of their own; the store owns that pool and closes it.
              const events = await LedgerDatabase.open({
                databaseUrl: config.eventStoreUrl,
                dataDir: config.dataDir,
                migrations: EVENT_STORE_MIGRATIONS,
                log: (message) => logger.log(`events: ${message}`),
              });
              return new PostgresEventStore(events.pool, undefined, () => events.close());
            }
            const { KurrentEventStore } = await import('@ledger/event-store/kurrent/kurrent-event-store');
            return KurrentEventStore.connect(config.eventStoreUrl, { namespace: config.eventStoreNamespace });
          },
        },
        { provide: AccessLog, inject: [LedgerDatabase], useFactory: (database: LedgerDatabase) => new AccessLog(database.pool) },
        { provide: LEDGER_SECRET, useFactory: () => loadOrCreateSecret(config.dataDir, config.secret) },
        {
          provide: PersonalDataCipher,
          inject: [LedgerDatabase, LEDGER_SECRET],
          useFactory: (database: LedgerDatabase, secret: Uint8Array) => new PersonalDataCipher(database.pool, secret),
        },
        {
          provide: PERSONAL_DATA,
          inject: [PersonalDataCipher, EVENT_STORE],
          useFactory: (cipher: PersonalDataCipher, store: EventStore) => new EncryptedPersonalData(cipher, store),
        },
        {
          provide: ProjectionRunner,
          inject: [LedgerDatabase, EVENT_STORE, PERSONAL_DATA],
          useFactory: (database: LedgerDatabase, store: EventStore, personalData: PersonalDataProtector) =>
            new ProjectionRunner(
              database.pool,
              store,
              [new ResolvedEventsProjection(store, personalData), new IomAutoAdoptionPolicy(store, config.iomAutoAdoptionAreas)],
              (message) => new Logger('Projections').warn(message),
            ),
        },
        { provide: ResolvedEventsReader, inject: [LedgerDatabase], useFactory: (database: LedgerDatabase) => new ResolvedEventsReader(database.pool) },
        QuestionScope,
        FactSource,
        { provide: TimelineCache, useFactory: () => new TimelineCache(config.timelineCacheMb * 1024 * 1024) },
        LedgerLifecycle,
        StoredEventPublisher,
        RecordEventsHandler,
        EventsLogHandler,
        VerifyLedgerHandler,
        ForgetPersonHandler,
        ...REPORT_HANDLERS,
        ...PERSON_HANDLERS,
      ],
      exports: [LEDGER_CONFIG, LEDGER_SECRET, QuestionScope, PersonalDataCipher, AccessLog, LedgerDatabase, EVENT_STORE, PERSONAL_DATA, ProjectionRunner, ResolvedEventsReader, FactSource, CqrsModule],
    };
  }
}
