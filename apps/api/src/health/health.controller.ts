import { Controller, Get, Header, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Gauge } from 'prom-client';
import { LedgerMetrics } from './ledger-metrics';
import { ProjectionHealth } from './projection-health';
import { EVENT_STORE } from '@ledger/application';
import type { EventStore } from '@ledger/event-store';
import { ProjectionRunner } from '@ledger/projections';
import { Public } from '@ledger/access/nest/metadata';

@ApiTags('health')
@Controller()
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly runner: ProjectionRunner,
    private readonly ledgerMetrics: LedgerMetrics,
    private readonly projectionHealth: ProjectionHealth,
  ) {
    const registers = [ledgerMetrics.registry];
    // Read at scrape time: prom-client collects every metric at once, so the gauges share one
    // reading of the store's head and the checkpoints per scrape (kept for a moment).
    let reading: { at: number; value: Promise<{ head: number; states: Awaited<ReturnType<ProjectionRunner['states']>> }> } | null = null;
    const read = () => {
      if (!reading || Date.now() - reading.at > 250) {
        reading = { at: Date.now(), value: Promise.all([store.headPosition(), runner.states()]).then(([head, states]) => ({ head, states })) };
      }
      return reading.value;
    };
    const perProjection = (name: string, help: string, value: (state: { position: number; status: string }, head: number) => number) =>
      new Gauge({
        name,
        help,
        labelNames: ['projection'],
        registers,
        async collect() {
          const { head, states } = await read();
          for (const state of states) this.set({ projection: state.name }, value(state, head));
        },
      });
    new Gauge({
      name: 'ledger_head_position',
      help: 'Highest global position in the event store',
      registers,
      async collect() {
        this.set((await read()).head);
      },
    });
    perProjection('ledger_projection_position', 'Checkpoint of each projection', (state) => state.position);
    perProjection('ledger_projection_lag_events', 'Events appended but not yet applied, per projection', (state, head) => Math.max(0, head - state.position));
    new Gauge({
      name: 'ledger_projection_up',
      help: '1 when the projection is following the log without errors (here, or in a worker that keeps up)',
      labelNames: ['projection'],
      registers,
      async collect() {
        const { head, states } = await read();
        for (const state of projectionHealth.assess(states, head)) this.set({ projection: state.name }, state.healthy ? 1 : 0);
      },
    });
  }

  @Get('health')
  @Public()
  @ApiOperation({ summary: 'Liveness and readiness: the store answers and every projection is following the log (here, or in `ledger worker`)' })
  async health(@Res({ passthrough: true }) response: FastifyReply) {
    try {
      const [headPosition, states] = await Promise.all([this.store.headPosition(), this.runner.states()]);
      const assessed = this.projectionHealth.assess(states, headPosition);
      const status = assessed.every((projection) => projection.healthy) ? 'ok' : 'degraded';
      const projections = assessed.map(({ healthy: _healthy, ...projection }) => projection);
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
    return this.ledgerMetrics.registry.metrics();
  }
}
