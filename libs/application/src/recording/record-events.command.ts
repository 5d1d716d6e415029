import type { AppendResult } from '@ledger/event-store';
import type { ValidatedEvents } from './validated-events';

/**
 * How a batch follows the one before it when an importer pipelines them: it is checked against
 * that batch's events while they are being written, and appended only once they are stored.
 */
export interface RecordingPipeline {
  /** The batch before, stored; if it fails, this one is abandoned with its error, unwritten. */
  after: Promise<unknown>;
  /** Called once this batch's write has begun: the next batch may be sent (AppendOptions.onWriting). */
  onWriting?: () => void;
}

/** Record one or many events, all or nothing (POST /api/events, `ledger import`). */
export class RecordEventsCommand {
  constructor(
    /** As received (validated by the handler), or validated already by ValidatedEvents.of. */
    readonly events: unknown[] | ValidatedEvents,
    /** Who records them; fills `recordedBy` where the event does not say. */
    readonly recordedBy?: string,
    readonly pipeline?: RecordingPipeline,
  ) {}
}

export interface RecordEventsResult {
  appended: Array<Pick<AppendResult, 'eventId' | 'position' | 'version'>>;
  /** How many of the events were stored by this command (the others were there already; 0: an idempotent replay). */
  stored: number;
}
