import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { exampleResponse, REPORT_EXAMPLES } from '../http/report-examples';
import { MappaPeriodQuery, MappaReviewsQuery, MappaSnapshotQuery } from '@ledger/application';
import { Requires } from '@ledger/access/nest/metadata';
import { AreaFilter } from '@ledger/access/nest/param-decorators';
import { todayInLondon } from '@ledger/projections';
import { AtParams, PeriodParams, ReviewsParams } from '../http/query-params';

@ApiTags('mappa')
@ApiBearerAuth()
@Controller('api/mappa')
export class MappaController {
  constructor(private readonly queries: QueryBus) {}

  @Get('snapshot')
  @Requires('mappa.read')
  @ApiOkResponse(exampleResponse('Category x level table with totals', REPORT_EXAMPLES.mappaSnapshot))
  @ApiOperation({ summary: 'Active MAPPA cases by category x level at a date, with totals (annual report table 1)' })
  snapshot(@Query() params: AtParams, @AreaFilter() area?: string) {
    return this.queries.execute(new MappaSnapshotQuery(params.at ?? todayInLondon(), { asOf: params.asOf, area }));
  }

  @Get('period')
  @Requires('mappa.read')
  @ApiOkResponse(exampleResponse('Level 2/3 totals and returns to custody by category', REPORT_EXAMPLES.mappaPeriod))
  @ApiOperation({ summary: 'Level 2 and 3 totals and returns to custody over [from, to]' })
  period(@Query() params: PeriodParams, @AreaFilter() area?: string) {
    return this.queries.execute(new MappaPeriodQuery(params.from, params.to, { asOf: params.asOf, area }));
  }

  @Get('reviews')
  @Requires('mappa.read')
  @ApiOkResponse(exampleResponse('Cases with their next review due', REPORT_EXAMPLES.mappaReviews))
  @ApiOperation({ summary: 'Level 2 and 3 cases with their next review due; overdue=true for overdue only' })
  reviews(@Query() params: ReviewsParams, @AreaFilter() area?: string) {
    return this.queries.execute(new MappaReviewsQuery(params.at ?? todayInLondon(), params.overdue === 'true', { asOf: params.asOf, area }));
  }
}
