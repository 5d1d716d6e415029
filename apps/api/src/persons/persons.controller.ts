import { Controller, Get, Header, Param, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import accepts from 'accepts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PersonSummaryQuery, PersonTimelineJsonQuery, TimelineJson } from '@ledger/application';
import { Requires } from '@ledger/access/nest/metadata';
import { TimelineParams } from '../http/query-params';

@ApiTags('persons')
@ApiBearerAuth()
@ApiHeader({ name: 'X-Purpose', required: true, description: 'Why you are reading this record (written to the access log)' })
@Controller('api/persons')
export class PersonsController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':personId')
  @Requires('person.read')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: "A person's current summary: identifiers, MAPPA, RoSH, IOM, custody and licence, open interventions" })
  summary(@Param('personId') personId: string, @Query() params: TimelineParams) {
    return this.queries.execute(new PersonSummaryQuery(personId, params.asOf));
  }

  /**
   * Sent as the handler serialised it (a kept copy when nothing changed), not re-serialised by
   * the framework. X-Cache says which: HIT (kept, still current) or MISS (built for this read). A kept
   * copy goes gzip-compressed (made once, when it was kept) to a client that accepts gzip.
   */
  @Get(':personId/timeline')
  @Requires('person.timeline')
  @Header('Cache-Control', 'no-store')
  @ApiProduces('application/json')
  @ApiOperation({ summary: "A person's chronology in valid-time order, corrections folded in, retractions flagged; asOf for what was known then" })
  async timeline(
    @Param('personId') personId: string,
    @Query() params: TimelineParams,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    const { body, gzipped, cached } = await this.queries.execute<PersonTimelineJsonQuery, TimelineJson>(new PersonTimelineJsonQuery(personId, params.asOf));
    reply.header('X-Cache', cached ? 'HIT' : 'MISS');
    reply.header('Vary', 'Accept-Encoding');
    const sendGzipped = gzipped !== undefined && accepts(request.raw).encoding('gzip', 'identity') === 'gzip';
    if (sendGzipped) reply.header('Content-Encoding', 'gzip');
    const sent = sendGzipped ? gzipped : body;
    return new StreamableFile(sent, { type: 'application/json; charset=utf-8', length: sent.length });
  }
}
