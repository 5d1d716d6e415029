import { Body, Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { EventsLogQuery, RecordEventsCommand, RecordEventsResult } from '@ledger/application';
import { CurrentPrincipal } from '@ledger/access/nest/param-decorators';
import { Requires } from '@ledger/access/nest/metadata';
import type { Principal } from '@ledger/access/roles';
import { EventsLogParams } from '../http/query-params';
import { eventExamples } from './event-examples';

@ApiTags('events')
@ApiBearerAuth()
@Controller('api/events')
export class EventsController {
  constructor(private readonly commands: CommandBus, private readonly queries: QueryBus) {}

  @Post()
  @HttpCode(201)
  @Requires('events.append')
  @ApiOperation({ summary: 'Append one event or an array, all or nothing (201; 200 when all were already there)' })
  @ApiBody({ schema: { oneOf: [{ $ref: '#/components/schemas/NewEvent' }, { type: 'array', items: { $ref: '#/components/schemas/NewEvent' } }] }, examples: eventExamples() })
  async append(@Body() body: unknown, @CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) response: FastifyReply) {
    const events = Array.isArray(body) ? body : [body];
    const result: RecordEventsResult = await this.commands.execute(new RecordEventsCommand(events, principal?.subject));
    // Every event was there already (an idempotent replay): nothing created.
    if (result.stored === 0) response.status(200);
    return { appended: result.appended };
  }

  @Get()
  @Requires('events.read-log')
  @ApiOperation({ summary: 'The global log after a position, for auditors and downstream consumers' })
  log(@Query() params: EventsLogParams) {
    return this.queries.execute(new EventsLogQuery(params.after ?? 0, params.limit ?? 100));
  }
}
