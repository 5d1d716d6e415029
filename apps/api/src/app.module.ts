import { DynamicModule, Module } from '@nestjs/common';
import type { LedgerConfig } from '@ledger/config';
import { LedgerModule } from '@ledger/application';
import { AccessModule } from './access/access.module';
import { AuditController } from './audit/audit.controller';
import { DemoDataLoader } from './demo/demo-data.loader';
import { EventsController } from './events/events.controller';
import { HealthController } from './health/health.controller';
import { EventsRecordedCounter, LedgerMetrics } from './health/ledger-metrics';
import { ProjectionHealth } from './health/projection-health';
import { IomController } from './iom/iom.controller';
import { MappaController } from './mappa/mappa.controller';
import { PersonsController } from './persons/persons.controller';
import { ReoffendingController } from './reoffending/reoffending.controller';
import { optionalPagesModule } from './pages.import';

/** The HTTP application: the JSON API of contract.md, the pages, access control, health and metrics. */
@Module({})
export class AppModule {
  static forRoot(config: LedgerConfig, options: { runProjections?: boolean } = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LedgerModule.forRoot({ config, runProjections: options.runProjections ?? config.projectionsInProcess }),
        AccessModule,
        ...optionalPagesModule(),
      ],
      controllers: [EventsController, PersonsController, MappaController, IomController, ReoffendingController, AuditController, HealthController],
      providers: [DemoDataLoader, LedgerMetrics, EventsRecordedCounter, ProjectionHealth],
    };
  }
}
