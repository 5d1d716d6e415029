import { RecordEventsCommand, RecordEventsResult, RecordingRejectedError, ValidatedEvents } from '@ledger/application';
import type { LedgerContext } from './ledger-context';

export interface AppendCounts {
  /** Events handed to the ledger so far. */
  sent: number;
  appended: number;
  alreadyPresent: number;
}

export interface RejectedLine {
  line: number;
  path: string;
  message: string;
}

/**
 * A batch the ledger refused (all or nothing): none of its events was stored; every earlier
 * batch was, and `stored` says how many.
 */
export class BatchRejectedError extends Error {
  constructor(
    readonly problems: RejectedLine[],
    readonly firstLine: number,
    readonly lastLine: number,
    readonly stored: AppendCounts,
  ) {
    super(`the ledger refused the batch of lines ${firstLine}-${lastLine}`);
    this.name = 'BatchRejectedError';
  }
}

export const DEFAULT_BATCH_SIZE = 1000;

/**
 * Sends events to the ledger in batches through RecordEventsCommand, as POST /api/events does,
 * so a command line import meets exactly the validation and domain rules of the API.
 *
 * Pipelined: a full batch is validated at once, while the batch before it is still being
 * written, and handed to the ledger when that one is stored. Validation (this process's
 * processor) and the database's work on the batch before (its own process) then overlap
 * instead of taking turns. Batches are still stored one after another, in order, and the first
 * refusal stops everything after it.
 */
export class BatchAppender {
  private batch: Array<{ line: number; event: unknown }> = [];
  /** The batch being written; its failure is reported by the next add() or flush(). */
  private writing: Promise<void> = Promise.resolve();
  readonly counts: AppendCounts = { sent: 0, appended: 0, alreadyPresent: 0 };

  constructor(
    private readonly ledger: Pick<LedgerContext, 'commandBus' | 'store'>,
    private readonly onBatchStored: (counts: AppendCounts) => void = () => undefined,
    private readonly batchSize = DEFAULT_BATCH_SIZE,
  ) {}

  /** `line`: where the event came from (its line in a file), to name it if it is refused. */
  async add(line: number, event: unknown): Promise<void> {
    this.batch.push({ line, event });
    if (this.batch.length >= this.batchSize) await this.send();
  }

  /** Sends what is left and waits until everything sent is stored. */
  async flush(): Promise<void> {
    if (this.batch.length > 0) await this.send();
    await this.writing;
  }

  private async send(): Promise<void> {
    const batch = this.batch;
    this.batch = [];
    let valid: ValidatedEvents | RecordingRejectedError;
    try {
      valid = ValidatedEvents.of(batch.map((item) => item.event));
    } catch (error) {
      if (!(error instanceof RecordingRejectedError)) throw error;
      valid = error;
    }
    // The batch before is stored (or its refusal thrown) before this one goes.
    await this.writing;
    if (valid instanceof RecordingRejectedError) throw this.refused(valid, batch);
    const writing = this.store(batch, valid);
    // Handled when awaited by the next send() or flush(); not an unhandled rejection meanwhile.
    writing.catch(() => undefined);
    this.writing = writing;
  }

  private async store(batch: Array<{ line: number; event: unknown }>, valid: ValidatedEvents): Promise<void> {
    // RecordEventsCommand reports each event's position, not whether it was new: an event at or
    // below the head before this batch was already there (an idempotent replay).
    const headBefore = await this.ledger.store.headPosition();
    let result: RecordEventsResult;
    try {
      result = await this.ledger.commandBus.execute(new RecordEventsCommand(valid));
    } catch (error) {
      if (!(error instanceof RecordingRejectedError)) throw error;
      throw this.refused(error, batch);
    }
    const fresh = result.allDuplicates ? 0 : result.appended.filter((appended) => appended.position > headBefore).length;
    this.counts.sent += batch.length;
    this.counts.appended += fresh;
    this.counts.alreadyPresent += batch.length - fresh;
    this.onBatchStored({ ...this.counts });
  }

  private refused(error: RecordingRejectedError, batch: Array<{ line: number; event: unknown }>): BatchRejectedError {
    const problems = error.errors.map((problem) => ({ line: batch[problem.index]?.line ?? batch[0].line, path: problem.path, message: problem.message }));
    return new BatchRejectedError(problems, batch[0].line, batch[batch.length - 1].line, { ...this.counts });
  }
}
