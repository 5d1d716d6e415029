import { Inject, Injectable } from '@nestjs/common';
import { LEDGER_CONFIG } from '@ledger/application';
import type { LedgerConfig } from '@ledger/config';
import type { ProjectionState } from '@ledger/projections';

/** How long a projection followed by `ledger worker` may lag without its checkpoint moving before it counts as stalled. */
export const WORKER_STALL_MS = 60_000;

export interface AssessedProjection extends Omit<ProjectionState, 'status'> {
  /**
   * running, stopped, failed or rebuilding: followed in this process;
   * worker: followed by `ledger worker` (LEDGER_PROJECTIONS=worker) and keeping up;
   * stalled: followed by a worker, but events have waited WORKER_STALL_MS with its checkpoint unmoved.
   */
  status: ProjectionState['status'] | 'worker' | 'stalled';
  lag: number;
  healthy: boolean;
}

/**
 * Whether each projection is keeping up, for /health and /metrics. In this process the runner
 * knows (its subscriptions run or not). With LEDGER_PROJECTIONS=worker another process follows
 * the log, and this one can only watch the checkpoints: a projection lagging with an unmoved
 * checkpoint for a minute means that worker is down or stuck. (Reads still answer meanwhile,
 * since each catches the read model up first, but ever more slowly.)
 */
@Injectable()
export class ProjectionHealth {
  private readonly followedHere: boolean;
  /** Per projection: the checkpoint last seen lagging, and since when it has not moved. */
  private readonly lagging = new Map<string, { position: number; since: number }>();

  constructor(@Inject(LEDGER_CONFIG) config: LedgerConfig) {
    this.followedHere = config.projectionsInProcess;
  }

  assess(states: readonly ProjectionState[], headPosition: number, now = Date.now()): AssessedProjection[] {
    return states.map((state) => {
      const lag = Math.max(0, headPosition - state.position);
      if (this.followedHere) return { ...state, lag, healthy: state.status === 'running' };
      const status = this.workerStatus(state, lag, now);
      return { ...state, status, lag, healthy: status === 'worker' };
    });
  }

  private workerStatus(state: ProjectionState, lag: number, now: number): 'worker' | 'stalled' {
    const seen = this.lagging.get(state.name);
    if (lag === 0) {
      this.lagging.delete(state.name);
      return 'worker';
    }
    if (!seen || seen.position !== state.position) {
      this.lagging.set(state.name, { position: state.position, since: now });
      return 'worker';
    }
    return now - seen.since >= WORKER_STALL_MS ? 'stalled' : 'worker';
  }
}
