import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { EventStore } from '@ledger/event-store';
import { EVENT_STORE } from '../runtime/tokens';

/** The global log after a position (GET /api/events), for auditors and downstream consumers. */
export class EventsLogQuery {
  constructor(readonly after: number, readonly limit: number) {}
}

@QueryHandler(EventsLogQuery)
export class EventsLogHandler implements IQueryHandler<EventsLogQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}
  async execute({ after, limit }: EventsLogQuery) {
    const events = await this.store.readAll(after, limit);
    return { after, events, next: events.length ? events[events.length - 1].position : after };
  }
}
