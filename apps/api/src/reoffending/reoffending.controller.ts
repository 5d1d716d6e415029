import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { exampleResponse, REPORT_EXAMPLES } from '../http/report-examples';
import { ReoffendingQuery } from '@ledger/application';
import { Requires } from '@ledger/access/nest/metadata';
import { AreaFilter } from '@ledger/access/nest/param-decorators';
import { ReoffendingParams } from '../http/query-params';

@ApiTags('reoffending')
@ApiBearerAuth()
@Controller('api/reoffending')
export class ReoffendingController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Requires('reoffending.read')
  @ApiOkResponse(exampleResponse('Cohort figures with an optional breakdown', REPORT_EXAMPLES.reoffending))
  @ApiOperation({ summary: 'MoJ proven reoffending for a cohort period [from, to), optionally by gender or age band' })
  reoffending(@Query() params: ReoffendingParams, @AreaFilter() area?: string) {
    return this.queries.execute(new ReoffendingQuery(params.from, params.to, params.by, { asOf: params.asOf, area }));
  }
}
