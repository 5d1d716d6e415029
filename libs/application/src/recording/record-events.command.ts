import type { AppendResult } from '@ledger/event-store';
import type { ValidatedEvents } from './validated-events';

/** Record one or many events, all or nothing (POST /api/events, `ledger import`). */
export class RecordEventsCommand {
  constructor(
    /** As received (validated by the handler), or validated already by ValidatedEvents.of. */
    readonly events: unknown[] | ValidatedEvents,
    /** Who records them; fills `recordedBy` where the event does not say. */
    readonly recordedBy?: string,
  ) {}
}

export interface RecordEventsResult {
  appended: Array<Pick<AppendResult, 'eventId' | 'position' | 'version'>>;
  /** True when every event was already there (an idempotent replay). */
  allDuplicates: boolean;
}
