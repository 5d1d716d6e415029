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
 * How batches are validated: `validate` as ValidatedEvents.of does (throwing its
 * RecordingRejectedError), `size` batches at a time (ValidationWorkers: one a thread).
 */
export interface BatchValidator {
  validate(events: unknown[]): Promise<ValidatedEvents>;
  readonly size: number;
}

/** ValidatedEvents.of in this thread, one batch at a time. */
export const IN_THREAD_VALIDATION: BatchValidator = { validate: async (events) => ValidatedEvents.of(events), size: 1 };

type Line = { line: number; event: unknown };

/**
 * Sends events to the ledger in batches through RecordEventsCommand, as POST /api/events does,
 * so a command line import meets exactly the validation and domain rules of the API.
 *
 * Pipelined, so that this process, the validator and the database work at the same time instead
 * of taking turns:
 * - a full batch is handed to the validator at once, and the caller goes on reading the next
 *   while it is validated; with ValidationWorkers, as many batches are validated at once as there
 *   are threads, and add() waits only once one more than that are waiting to be sent (memory
 *   stays bounded by the batch size);
 * - a validated batch is sent as soon as the batch before it has begun to be written, checked
 *   against the ledger (and the events of that batch, as they will be stored) while that one is
 *   written, and appended once it is stored.
 * Batches are still sent and stored one after another, in the order they were added, whatever
 * order their validations finish in. The first refusal stops everything after it: a batch whose
 * predecessor fails is abandoned unwritten (and a later one never sent), and the predecessor's
 * refusal is the one reported.
 */
export class BatchAppender {
  private batch: Line[] = [];
  /** Batches handed to the validator and not yet sent to the ledger, oldest first: each settles once it is sent (or refused). */
  private readonly unsent: Array<Promise<void>> = [];
  /** Settles once the last batch added has been sent (or rejects with the first failure). */
  private sending: Promise<void> = Promise.resolve();
  /** The last batch sent, until stored; its failure is reported by a later add() or flush(). */
  private writing: Promise<void> = Promise.resolve();
  /** Settles once the last batch sent has begun to be written (or is over): the next may go. */
  private ready: Promise<void> = Promise.resolve();
  readonly counts: AppendCounts = { sent: 0, appended: 0, alreadyPresent: 0 };

  constructor(
    private readonly ledger: Pick<LedgerContext, 'commandBus'>,
    private readonly onBatchStored: (counts: AppendCounts) => void = () => undefined,
    private readonly batchSize = DEFAULT_BATCH_SIZE,
    private readonly validator: BatchValidator = IN_THREAD_VALIDATION,
  ) {}

  /** `line`: where the event came from (its line in a file), to name it if it is refused. */
  async add(line: number, event: unknown): Promise<void> {
    this.batch.push({ line, event });
    if (this.batch.length >= this.batchSize) await this.queue();
  }

  /** Sends what is left and waits until everything sent is stored. */
  async flush(): Promise<void> {
    if (this.batch.length > 0) await this.queue();
    await this.sending;
    await this.writing;
  }

  /** Starts validating the batch, queues it to be sent after the one before, and waits while too many are unsent. */
  private async queue(): Promise<void> {
    const batch = this.batch;
    this.batch = [];
    const validation = this.validator.validate(batch.map((item) => item.event)).catch((error: unknown) => {
      if (error instanceof RecordingRejectedError) return error;
      throw error;
    });
    // Rejections are reported through `sending`; not unhandled meanwhile.
    validation.catch(() => undefined);
    // Chained: a batch is sent only once every batch before it was, and never after a failure.
    const sent = this.sending.then(() => this.send(batch, validation));
    sent.catch(() => undefined);
    this.sending = sent;
    this.unsent.push(sent);
    void sent.then(
      () => this.unsent.splice(this.unsent.indexOf(sent), 1),
      () => undefined,
    );
    // One batch more than there are threads may wait to be sent (each thread has its next one
    // queued); beyond that the caller waits. The oldest failure surfaces here, so reading stops
    // at the first refusal.
    while (this.unsent.length > this.validator.size) await this.unsent[0];
  }

  private async send(batch: Line[], validation: Promise<ValidatedEvents | RecordingRejectedError>): Promise<void> {
    const valid = await validation;
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

  private async store(batch: Line[], valid: ValidatedEvents, pipeline: RecordingPipeline): Promise<void> {
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

  private refused(error: RecordingRejectedError, batch: Line[]): BatchRejectedError {
    const problems = error.errors.map((problem) => ({ line: batch[problem.index]?.line ?? batch[0].line, path: problem.path, message: problem.message }));
    return new BatchRejectedError(problems, batch[0].line, batch[batch.length - 1].line, { ...this.counts });
  }
}
