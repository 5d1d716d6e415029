import { RecordEventsCommand, RecordEventsResult, RecordingPipeline, RecordingRejectedError, ValidatedEvents } from '@ledger/application';
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
 * Pipelined, so that this process and the database work at the same time instead of taking
 * turns: a full batch is validated at once (on a worker thread, when given ValidationWorkers,
 * while this one records the batch before), sent as soon as the batch before it has begun to be
 * written, checked against the ledger (and the events of that batch, as they will be stored)
 * while that one is written, and appended once it is stored. Batches are still stored one after
 * another, in order, and the first refusal stops everything after it: a batch whose predecessor
 * fails is abandoned unwritten, and the predecessor's refusal is the one reported.
 */
export class BatchAppender {
  private batch: Array<{ line: number; event: unknown }> = [];
  /** The last batch sent, until stored; its failure is reported by the next add() or flush(). */
  private writing: Promise<void> = Promise.resolve();
  /** Settles once the last batch sent has begun to be written (or is over): the next may go. */
  private ready: Promise<void> = Promise.resolve();
  readonly counts: AppendCounts = { sent: 0, appended: 0, alreadyPresent: 0 };

  /**
   * @param validate how a batch is validated: ValidatedEvents.of in this thread unless given
   *   (ValidationWorkers.validate does the same on other threads)
   */
  constructor(
    private readonly ledger: Pick<LedgerContext, 'commandBus'>,
    private readonly onBatchStored: (counts: AppendCounts) => void = () => undefined,
    private readonly batchSize = DEFAULT_BATCH_SIZE,
    private readonly validate: (events: unknown[]) => Promise<ValidatedEvents> = async (events) => ValidatedEvents.of(events),
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
      valid = await this.validate(batch.map((item) => item.event));
    } catch (error) {
      if (!(error instanceof RecordingRejectedError)) throw error;
      valid = error;
    }
    // The batch before is being written (a refusal before that is thrown here).
    await this.ready;
    if (valid instanceof RecordingRejectedError) {
      // Every batch before this one stands or falls first.
      await this.writing;
      throw this.refused(valid, batch);
    }
    let writingBegun!: () => void;
    const begun = new Promise<void>((resolve) => (writingBegun = resolve));
    const writing = this.store(batch, valid, { after: this.writing, onWriting: writingBegun });
    // Handled when awaited by the next send() or flush(); not an unhandled rejection meanwhile.
    writing.catch(() => undefined);
    this.writing = writing;
    this.ready = Promise.race([begun, writing]);
    this.ready.catch(() => undefined);
  }

  private async store(batch: Array<{ line: number; event: unknown }>, valid: ValidatedEvents, pipeline: RecordingPipeline): Promise<void> {
    let result: RecordEventsResult;
    try {
      result = await this.ledger.commandBus.execute(new RecordEventsCommand(valid, undefined, pipeline));
    } catch (error) {
      // The batch before failed first (this one was abandoned for it), or stands: its outcome comes first.
      await pipeline.after;
      if (!(error instanceof RecordingRejectedError)) throw error;
      throw this.refused(error, batch);
    }
    this.counts.sent += batch.length;
    this.counts.appended += result.stored;
    this.counts.alreadyPresent += batch.length - result.stored;
    this.onBatchStored({ ...this.counts });
  }

  private refused(error: RecordingRejectedError, batch: Array<{ line: number; event: unknown }>): BatchRejectedError {
    const problems = error.errors.map((problem) => ({ line: batch[problem.index]?.line ?? batch[0].line, path: problem.path, message: problem.message }));
    return new BatchRejectedError(problems, batch[0].line, batch[batch.length - 1].line, { ...this.counts });
  }
}
