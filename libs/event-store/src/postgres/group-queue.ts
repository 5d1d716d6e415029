/**
 * Work that arrives while earlier work is running waits, then goes together with whatever else
 * arrived meanwhile, one group at a time, in arrival order: concurrent callers share one round
 * trip (a commit, a read) instead of queueing for one each. `runGroup` settles each item of its
 * group itself (it must not throw); `takeGroup` removes the next group from the front of the
 * waiting items.
 */
export class GroupQueue<T> {
  private readonly waiting: T[] = [];
  private running = false;

  constructor(
    private readonly takeGroup: (waiting: T[]) => T[],
    private readonly runGroup: (group: T[]) => Promise<void>,
  ) {}

  push(item: T): void {
    this.waiting.push(item);
    void this.drain();
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.waiting.length > 0) await this.runGroup(this.takeGroup(this.waiting));
    } finally {
      this.running = false;
    }
  }
}
