import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PersonSummaryQuery, PersonTimelineQuery } from '@ledger/application';
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
  @ApiOperation({ summary: "A person's current summary: identifiers, MAPPA, RoSH, IOM, custody and licence, open interventions" })
  summary(@Param('personId') personId: string, @Query() params: TimelineParams) {
    return this.queries.execute(new PersonSummaryQuery(personId, params.asOf));
  }

  @Get(':personId/timeline')
  @Requires('person.timeline')
  @ApiOperation({ summary: "A person's chronology in valid-time order, corrections folded in, retractions flagged; asOf for what was known then" })
  timeline(@Param('personId') personId: string, @Query() params: TimelineParams) {
    return this.queries.execute(new PersonTimelineQuery(personId, params.asOf));
  }
}
