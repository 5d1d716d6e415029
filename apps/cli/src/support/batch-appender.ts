import { RecordEventsCommand, RecordEventsResult, RecordingRejectedError } from '@ledger/application';
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
 */
export class BatchAppender {
  private batch: Array<{ line: number; event: unknown }> = [];
  readonly counts: AppendCounts = { sent: 0, appended: 0, alreadyPresent: 0 };

  constructor(
    private readonly ledger: Pick<LedgerContext, 'commandBus' | 'store'>,
    private readonly onBatchStored: (counts: AppendCounts) => void = () => undefined,
    private readonly batchSize = DEFAULT_BATCH_SIZE,
  ) {}

  /** `line`: where the event came from (its line in a file), to name it if it is refused. */
  async add(line: number, event: unknown): Promise<void> {
    this.batch.push({ line, event });
    if (this.batch.length >= this.batchSize) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.batch.length === 0) return;
    const batch = this.batch;
    this.batch = [];
    // RecordEventsCommand reports each event's position, not whether it was new: an event at or
    // below the head before this batch was already there (an idempotent replay).
    const headBefore = await this.ledger.store.headPosition();
    let result: RecordEventsResult;
    try {
      result = await this.ledger.commandBus.execute(new RecordEventsCommand(batch.map((item) => item.event)));
    } catch (error) {
      if (!(error instanceof RecordingRejectedError)) throw error;
      const problems = error.errors.map((problem) => ({ line: batch[problem.index]?.line ?? batch[0].line, path: problem.path, message: problem.message }));
      throw new BatchRejectedError(problems, batch[0].line, batch[batch.length - 1].line, { ...this.counts });
    }
    const fresh = result.allDuplicates ? 0 : result.appended.filter((appended) => appended.position > headBefore).length;
    this.counts.sent += batch.length;
    this.counts.appended += fresh;
    this.counts.alreadyPresent += batch.length - fresh;
    this.onBatchStored({ ...this.counts });
  }
}
