import { Controller, Get, Header, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { EVENT_STORE } from '@ledger/application';
import type { EventStore } from '@ledger/event-store';
import { ProjectionRunner } from '@ledger/projections';
import { Public } from '@ledger/access/nest/metadata';

@ApiTags('health')
@Controller()
export class HealthController {
  private readonly registry = new Registry();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore, private readonly runner: ProjectionRunner) {
    collectDefaultMetrics({ register: this.registry, prefix: 'ledger_process_' });
    const registers = [this.registry];
    const position = new Gauge({ name: 'ledger_projection_position', help: 'Checkpoint of each projection', labelNames: ['projection'], registers });
    const lag = new Gauge({ name: 'ledger_projection_lag_events', help: 'Events appended but not yet applied, per projection', labelNames: ['projection'], registers });
    const up = new Gauge({ name: 'ledger_projection_up', help: '1 when the projection is following the log without errors', labelNames: ['projection'], registers });
    // Everything is read at scrape time (collect), so the figures are never stale.
    new Gauge({
      name: 'ledger_head_position',
      help: 'Highest global position in the event store',
      registers,
      async collect() {
        const [headPosition, states] = await Promise.all([store.headPosition(), runner.states()]);
        this.set(headPosition);
        for (const state of states) {
          position.set({ projection: state.name }, state.position);
          lag.set({ projection: state.name }, Math.max(0, headPosition - state.position));
          up.set({ projection: state.name }, state.status === 'running' ? 1 : 0);
        }
      },
    });
  }

  @Get('health')
  @Public()
  @ApiOperation({ summary: 'Liveness and readiness: the store answers and every projection is following the log' })
  async health(@Res({ passthrough: true }) response: Response) {
    try {
      const [headPosition, states] = await Promise.all([this.store.headPosition(), this.runner.states()]);
      const projections = states.map((state) => ({ ...state, lag: Math.max(0, headPosition - state.position) }));
      const stalled = projections.filter((projection) => projection.status !== 'running');
      const status = stalled.length === 0 ? 'ok' : 'degraded';
      if (status !== 'ok') response.status(503);
      return { status, store: this.store.kind, headPosition, projections };
    } catch (error) {
      response.status(503);
      return { status: 'down', store: this.store.kind, message: 'the event store does not answer' };
    }
  }

  @Get('metrics')
  @Public()
  @Header('Content-Type', 'text/plain; version=0.0.4')
  @ApiOperation({ summary: 'Prometheus metrics, including each projection position and lag' })
  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}
