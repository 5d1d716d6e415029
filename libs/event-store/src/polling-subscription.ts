import type { StoredEvent } from '@ledger/domain/envelope';
import type { BatchHandler, SubscribeOptions, Subscription } from './event-store.port';

interface GlobalLogReader {
  readAll(afterPosition: number, limit: number): Promise<StoredEvent[]>;
}

/**
 * Follows the global log by position. Correctness rests on the store's guarantee that positions
 * become visible in commit order (no later position is ever visible before an earlier one), so
 * "read after my position" never skips. A notification, when the adapter has one, only shortens
 * the wait: a missed notification costs at most one poll interval, never an event.
 */
export class PollingSubscription implements Subscription {
  private current: number;
  private running = true;
  private wakeUp: (() => void) | null = null;
  private readonly waiters = new Set<{ position: number; resolve: () => void }>();
  private readonly done: Promise<void>;

  constructor(
    private readonly reader: GlobalLogReader,
    afterPosition: number,
    private readonly handler: BatchHandler,
    private readonly options: SubscribeOptions,
    listen?: (wake: () => void) => Promise<() => Promise<void>>,
  ) {
    this.current = afterPosition;
    this.done = this.loop(listen);
  }

  get position(): number {
    return this.current;
  }

  caughtUpTo(position: number, timeoutMs = 30_000): Promise<void> {
    if (this.current >= position) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter = { position, resolve: () => { clearTimeout(timer); resolve(); } };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`subscription did not reach position ${position} within ${timeoutMs} ms (at ${this.current})`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wakeUp?.();
    await this.done;
  }

  private async loop(listen?: (wake: () => void) => Promise<() => Promise<void>>): Promise<void> {
    const batchSize = this.options.batchSize ?? 500;
    const pollIntervalMs = this.options.pollIntervalMs ?? 1000;
    let unlisten: (() => Promise<void>) | undefined;
    let pending = false;
    const wake = () => {
      pending = true;
      this.wakeUp?.();
    };
    try {
      if (listen) unlisten = await listen(wake);
      while (this.running) {
        pending = false;
        let batch: StoredEvent[];
        try {
          batch = await this.reader.readAll(this.current, batchSize);
          if (batch.length > 0) {
            await this.handler(batch);
            this.current = batch[batch.length - 1].position;
            this.settleWaiters();
            continue;
          }
        } catch (error) {
          this.options.onError?.(error as Error);
        }
        if (!pending && this.running) await this.sleep(pollIntervalMs);
      }
    } finally {
      await unlisten?.();
    }
  }

  private settleWaiters(): void {
    for (const waiter of this.waiters) {
      if (this.current >= waiter.position) {
        this.waiters.delete(waiter);
        waiter.resolve();
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = () => {
        this.wakeUp = null;
        done();
      };
    });
  }
}
