import { START, type AllStreamResolvedEvent, type AllStreamSubscription, type KurrentDBClient } from '@kurrent/kurrentdb-client';
import type { StoredEvent } from '@ledger/domain/envelope';
import { toStoredEvent } from './event-records';
import type { StreamNames } from './stream-names';

export interface AllStreamFeedOptions {
  /** Pause the server stream once this many events wait for the handler (back-pressure). */
  highWaterMark: number;
  /** Wait before resubscribing after the server stream fails (leader change, restart). */
  retryDelayMs: number;
  onError?: (error: Error) => void;
}

/**
 * A catch-up subscription to $all (person streams only), buffered so that a
 * {@link PollingSubscription} can consume it as if it were reading the log: `readAll` hands out
 * what has arrived, and the wake-up it passes to `start` fires on every arrival. The polling class
 * then provides the port's batching, back-pressure, `caughtUpTo` and stop semantics unchanged.
 *
 * After a failure the feed resubscribes from the last event it queued, and drops anything at or
 * before that position, so a reconnect never delivers an event twice nor skips one.
 */
export class AllStreamFeed {
  private readonly queue: StoredEvent[] = [];
  private lastQueued: number;
  private subscription: AllStreamSubscription | null = null;
  private paused = false;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private wake: () => void = () => undefined;

  constructor(
    private readonly client: KurrentDBClient,
    private readonly names: StreamNames,
    afterPosition: number,
    private readonly options: AllStreamFeedOptions,
  ) {
    this.lastQueued = afterPosition;
  }

  /** The events received after `afterPosition`, at most `limit`; earlier ones are done with and dropped. */
  async readAll(afterPosition: number, limit: number): Promise<StoredEvent[]> {
    const done = this.queue.findIndex((event) => event.position > afterPosition);
    this.queue.splice(0, done === -1 ? this.queue.length : done);
    if (this.paused && this.queue.length < this.options.highWaterMark) {
      this.paused = false;
      this.subscription?.resume();
    }
    return this.queue.slice(0, limit);
  }

  /** Opens the server subscription; resolves to the function that closes it. */
  async start(wake: () => void): Promise<() => Promise<void>> {
    this.wake = wake;
    this.open();
    return () => this.stop();
  }

  private open(): void {
    const from = this.lastQueued <= 0 ? START : { commit: BigInt(this.lastQueued), prepare: BigInt(this.lastQueued) };
    const subscription = this.client.subscribeToAll({ fromPosition: from, filter: this.names.personStreamsFilter() });
    this.subscription = subscription;
    this.paused = false;
    subscription.on('data', (resolved: AllStreamResolvedEvent) => {
      if (this.subscription !== subscription) return;
      try {
        this.receive(resolved);
      } catch (error) {
        this.reopen(subscription, error as Error);
      }
    });
    subscription.on('error', (error: Error) => this.reopen(subscription, error));
    subscription.on('end', () => this.reopen(subscription));
  }

  private receive(resolved: AllStreamResolvedEvent): void {
    const event = resolved.event ? toStoredEvent(resolved.event, this.names) : null;
    // The subscription starts after `lastQueued`; the check also absorbs a server that would
    // replay the event at the start position itself.
    if (!event || event.position <= this.lastQueued) return;
    this.queue.push(event);
    this.lastQueued = event.position;
    if (this.queue.length >= this.options.highWaterMark && !this.paused) {
      this.paused = true;
      this.subscription?.pause();
    }
    this.wake();
  }

  /** Drops a failed or ended server stream and subscribes again from the last queued event. */
  private reopen(subscription: AllStreamSubscription, error?: Error): void {
    if (this.subscription !== subscription || this.stopped) return;
    this.subscription = null;
    if (error) this.options.onError?.(error);
    subscription.unsubscribe().catch(() => undefined);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.stopped) this.open();
    }, this.options.retryDelayMs);
  }

  private async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const subscription = this.subscription;
    this.subscription = null;
    await subscription?.unsubscribe().catch(() => undefined);
  }
}
