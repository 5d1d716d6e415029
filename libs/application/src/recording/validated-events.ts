import type { NewEvent } from '@ledger/domain/envelope';
import { normaliseNewEvent, validateNewEvent } from '@ledger/domain/validation/validate-event';
import { RecordingProblem, RecordingRejectedError } from './recording-rejected.error';

/**
 * A request's events once they passed validation (envelope and catalogue, every problem
 * reported), normalised as the ledger stores them. Only `ValidatedEvents.of` makes one (in this
 * thread or in a validation worker), so a RecordEventsCommand carrying it skips nothing: an
 * importer validates the next batch with it while the ledger is still writing the one before,
 * instead of leaving the processor idle.
 */
export class ValidatedEvents {
  private constructor(readonly events: readonly NewEvent[]) {}

  /** @throws RecordingRejectedError (400) naming every problem of every event */
  static of(raw: unknown): ValidatedEvents {
    if (!Array.isArray(raw) || raw.length === 0) throw new RecordingRejectedError(400, [{ index: 0, path: '', message: 'send one event or a non-empty array of events' }]);
    const problems: RecordingProblem[] = [];
    const now = Date.now();
    raw.forEach((event, index) => {
      for (const problem of validateNewEvent(event)) problems.push({ index, ...problem });
      const recordedAt = (event as { recordedAt?: unknown })?.recordedAt;
      if (typeof recordedAt === 'string' && Date.parse(recordedAt) > now) {
        problems.push({ index, path: 'recordedAt', message: 'recordedAt cannot be in the future' });
      }
    });
    if (problems.length > 0) throw new RecordingRejectedError(400, problems);
    return new ValidatedEvents((raw as NewEvent[]).map(normaliseNewEvent));
  }

  /**
   * Events that `ValidatedEvents.of` accepted in a validation worker of this process
   * (ValidationWorkers): the same code on another thread, its answer carried back as JSON.
   */
  static acceptedByWorker(events: NewEvent[]): ValidatedEvents {
    return new ValidatedEvents(events);
  }
}
