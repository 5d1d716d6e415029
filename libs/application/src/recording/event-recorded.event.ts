import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EventBus, IEvent } from '@nestjs/cqrs';
import type { StoredEvent } from '@ledger/domain/envelope';
import type { EventStore, Subscription } from '@ledger/event-store';
import { EVENT_STORE } from '../runtime/tokens';

/** An event as committed to the store, published on the in-process event bus. */
export class EventRecorded implements IEvent {
  constructor(readonly event: StoredEvent) {}
}

/**
 * Feeds the in-process @nestjs/cqrs event bus from the store, never from the command that wrote:
 * handlers see an event only after it committed, in global order, whichever process (API, CLI
 * import, another API instance) recorded it. Started by the long-running server only.
 */
@Injectable()
export class StoredEventPublisher implements OnApplicationBootstrap, OnApplicationShutdown {
  private subscription: Subscription | null = null;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly eventBus: EventBus,
    @Inject('LEDGER_MODULE_OPTIONS') private readonly options: { runProjections: boolean },
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.options.runProjections) return;
    const from = await this.store.headPosition();
    this.subscription = this.store.subscribe(
      from,
      async (events) => {
        for (const event of events) this.eventBus.publish(new EventRecorded(event));
      },
      { onError: (error) => new Logger('EventBus').warn(`publishing recorded events: ${error.message}`) },
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.stop();
  }
}
