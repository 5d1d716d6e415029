import type { PoolClient } from 'pg';
import type { StoredEvent } from '@ledger/domain/envelope';

/**
 * A read model built from the global log. Each projection owns one PostgreSQL schema
 * (`schema`), so a rebuild can fill a fresh copy beside the live one and swap it in atomically
 * while the API keeps answering from the old one.
 */
export interface Projection {
  /** Stable name: the checkpoint key and the `--projection` argument of `ledger replay`. */
  readonly name: string;
  /**
   * Shape version of the read model: bump it when tables or their meaning change, and the runner
   * rebuilds the projection (beside the live one) the next time the ledger starts.
   */
  readonly version: number;
  /** Schema holding the read model's tables; queries always qualify table names with it. */
  readonly schema: string;
  /** Creates the read model's tables inside `schema` (which exists and is empty). */
  createTables(client: PoolClient, schema: string): Promise<void>;
  /**
   * Creates the indexes that the bulk pass of a rebuild does not read through (`prepareBulk`'s
   * write, or `apply` when there is none). A new read model gets them with its tables; a rebuild creates
   * them once its bulk pass is done, because building an index over a full table is far cheaper
   * than updating it row by row.
   */
  createQueryIndexes?(client: PoolClient, schema: string): Promise<void>;
  /**
   * A rebuild's bulk pass applies batches with this instead of `apply`, in two steps. The first
   * (this call) does the work that reads nothing of the read model, such as decrypting personal
   * data and resolving facts: the runner starts it as soon as the batch is read, so it runs while
   * the batch before is still being written. The second (the write it returns) is called once that
   * batch is committed, in a transaction of its own. It may also leave tables better derived once
   * at the end (`finishBulk`) than kept up to date batch after batch.
   */
  prepareBulk?(events: StoredEvent[]): Promise<BulkWrite>;
  /**
   * Completes what `prepareBulk`'s writes left for the end: called once the bulk pass is done and the
   * query indexes are built, before the rebuild catches up with `apply` and swaps; `client` is
   * in a transaction of its own.
   */
  finishBulk?(client: PoolClient, schema: string): Promise<void>;
  /**
   * For read models that change from outside the log too. An erasure destroys a person's key and
   * no event says so: a rebuild that decrypted their events before it would swap their personal
   * data back in. Called as a rebuild starts; what it returns is called in the swap's transaction,
   * after the last events are applied and with the checkpoints held, to bring such changes into
   * the rebuilt read model (`schema`, at log position `upTo`) before it is swapped in.
   */
  changesOutsideTheLog?(): Promise<(client: PoolClient, schema: string, upTo: number) => Promise<void>>;
  /**
   * Brings a stored read model of an older version up to this one in place, when the change
   * allows (a new query index, say), and says whether it did; otherwise (or when absent) the
   * runner rebuilds the read model from the log, which at millions of events takes minutes.
   */
  upgrade?(client: PoolClient, schema: string, fromVersion: number): Promise<boolean>;
  /**
   * Applies a batch, in position order, inside the transaction that also moves the checkpoint:
   * the read-model change and the checkpoint commit together or not at all.
   */
  apply(client: PoolClient, schema: string, events: StoredEvent[]): Promise<void>;
}

/** A prepared batch of a rebuild's bulk pass, written into the shadow read model `schema`. */
export type BulkWrite = (client: PoolClient, schema: string) => Promise<void>;
