import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { FactSource } from '@ledger/application';
import { Requires } from '@ledger/access/nest/metadata';
import { AreaFilter } from '@ledger/access/nest/param-decorators';
import { todayInLondon } from '@ledger/projections';
import { AtParams } from '../../http/query-params';
import { cohortMonthlyOffending, CohortMonthly } from './cohort-monthly';

/** The same facts the cohort progress report reads. */
const IOM_FACTS = ['iom.adopted', 'iom.deselected', 'arrest.recorded', 'conviction.recorded', 'disposal.out-of-court'];

/** The cohort page's chart and adoption list: an aggregate of the cohort, like its progress. */
@ApiTags('iom')
@ApiBearerAuth()
@Controller('api/iom/cohorts')
export class CohortMonthlyController {
  constructor(private readonly facts: FactSource) {}

  @Get(':cohortId/monthly')
  @Requires('iom.read')
  @ApiOperation({ summary: "Arrests and proven offences per month before and after each member's adoption, and why each member was adopted" })
  async monthly(@Param('cohortId') cohortId: string, @Query() params: AtParams, @AreaFilter() area?: string): Promise<CohortMonthly> {
    const resolved = await this.facts.ofTypes(IOM_FACTS, params.asOf);
    const monthly = cohortMonthlyOffending(resolved, cohortId, params.at ?? todayInLondon(), { area });
    if (!monthly) throw new NotFoundException(`no IOM cohort "${cohortId}"`);
    return monthly;
  }
}
