import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { VerifyLedgerQuery } from '@ledger/application';
import { AccessLog } from '@ledger/access/access-log/access-log';
import { Requires } from '@ledger/access/nest/metadata';
import { AccessLogParams } from '../http/query-params';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/audit')
export class AuditController {
  constructor(private readonly queries: QueryBus, private readonly accessLog: AccessLog) {}

  @Get('verify')
  @Requires('audit.verify')
  @ApiOperation({ summary: 'Walks every hash chain: intact, or the first broken event of each broken stream' })
  async verify() {
    const [events, accessLog] = await Promise.all([this.queries.execute(new VerifyLedgerQuery()), this.accessLog.verify()]);
    return { ...events, accessLog };
  }

  @Get('access')
  @Requires('audit.access-log')
  @ApiOperation({ summary: "Who read a person's record, when, and for what stated purpose" })
  async access(@Query() params: AccessLogParams) {
    return { personId: params.personId, entries: await this.accessLog.forPerson(params.personId) };
  }
}
