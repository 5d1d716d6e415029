import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { NewEvent } from '@ledger/domain/envelope';
import { EVENT_STORE, RecordEventsCommand } from '@ledger/application';
import type { EventStore } from '@ledger/event-store';
import { generatePopulation } from '@ledger/demo-data';

export const DEMO_PEOPLE = 300;
export const DEMO_SEED = 'journey-ledger-demo';

/**
 * On the first start of an empty ledger, records a synthetic population (the same generator as
 * `ledger seed`) so a first-time user sees real pages. Never touches a ledger that has events.
 */
@Injectable()
export class DemoDataLoader {
  private readonly logger = new Logger('DemoData');

  constructor(private readonly commands: CommandBus, @Inject(EVENT_STORE) private readonly store: EventStore) {}

  async loadIfEmpty(people = DEMO_PEOPLE): Promise<number> {
    if ((await this.store.headPosition()) > 0) return 0;
    this.logger.log(`The ledger is empty: recording a synthetic demo population of ${people} people (seed "${DEMO_SEED}")`);
    let batch: NewEvent[] = [];
    let recorded = 0;
    const flush = async () => {
      if (batch.length === 0) return;
      await this.commands.execute(new RecordEventsCommand(batch, 'demo-data'));
      recorded += batch.length;
      batch = [];
    };
    for (const event of generatePopulation({ people, seed: DEMO_SEED })) {
      batch.push(event);
      if (batch.length >= 1000) await flush();
    }
    await flush();
    this.logger.log(`Recorded ${recorded} demo events`);
    return recorded;
  }
}
