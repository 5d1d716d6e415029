import { Injectable } from '@nestjs/common';
import { EventsHandler, IEventHandler } from '@nestjs/cqrs';
import { collectDefaultMetrics, Counter, Registry } from 'prom-client';
import { EventRecorded } from '@ledger/application';

/** The Prometheus registry `/metrics` serves. */
@Injectable()
export class LedgerMetrics {
  readonly registry = new Registry();
  readonly eventsRecorded = new Counter({
    name: 'ledger_events_recorded_total',
    help: 'Events committed to the store since this process started, by type (from the store, whoever wrote them)',
    labelNames: ['type'],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'ledger_process_' });
  }
}

/** Counts committed events as the store publishes them on the event bus. */
@EventsHandler(EventRecorded)
export class EventsRecordedCounter implements IEventHandler<EventRecorded> {
  constructor(private readonly metrics: LedgerMetrics) {}
  handle({ event }: EventRecorded): void {
    this.metrics.eventsRecorded.inc({ type: event.type });
  }
}
