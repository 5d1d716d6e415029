import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { exampleResponse, REPORT_EXAMPLES } from '../http/report-examples';
import { IomCohortProgressQuery, IomCohortsQuery } from '@ledger/application';
import { Requires } from '@ledger/access/nest/metadata';
import { AreaFilter } from '@ledger/access/nest/param-decorators';
import { todayInLondon } from '@ledger/projections';
import { AtParams, ScopeParams } from '../http/query-params';

@ApiTags('iom')
@ApiBearerAuth()
@Controller('api/iom/cohorts')
export class IomController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Requires('iom.read')
  @ApiOkResponse(exampleResponse('Cohorts with member counts', REPORT_EXAMPLES.iomCohorts))
  @ApiOperation({ summary: 'IOM cohorts with their type, area and member counts' })
  cohorts(@Query() params: ScopeParams, @AreaFilter() area?: string) {
    return this.queries.execute(new IomCohortsQuery({ asOf: params.asOf, area }));
  }

  @Get(':cohortId/progress')
  @Requires('iom.read')
  @ApiOkResponse(exampleResponse('PRE/POST figures per member and for the cohort', REPORT_EXAMPLES.iomProgress))
  @ApiOperation({ summary: 'Two-year offending reduction of a cohort at a date: per member and for the cohort' })
  progress(@Param('cohortId') cohortId: string, @Query() params: AtParams, @AreaFilter() area?: string) {
    return this.queries.execute(new IomCohortProgressQuery(cohortId, params.at ?? todayInLondon(), { asOf: params.asOf, area }));
  }
}
