import { BadRequestException, Controller, Get, Header, Param, Query, StreamableFile } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { PersonTimelineQuery } from '@ledger/application';
import { Requires } from '@ledger/access/nest/metadata';
import { CurrentPrincipal, Purpose } from '@ledger/access/nest/param-decorators';
import type { Principal } from '@ledger/access/roles';
import { isValidDate } from '@ledger/domain/time/iso-8601';
import type { Timeline } from '@ledger/projections';
import { chronologyPack, ChronologyPack } from './chronology-pack';
import { renderChronologyPdf } from './chronology-pdf';
import { ChronologyParams } from './chronology.params';

/**
 * The review chronology pack (`person.pack`): JSON for the printable page and a PDF to file with
 * the review. The app's guards authorise it and the access log records it like any person read.
 */
@ApiTags('persons')
@ApiBearerAuth()
@ApiHeader({ name: 'X-Purpose', required: true, description: 'Why you are reading this record (written to the access log)' })
@Controller('api/persons')
export class ChronologyController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':personId/chronology')
  @Requires('person.pack')
  @ApiOperation({ summary: 'Review chronology pack: entries between from and to with source, recorder, corrections and known-at markers' })
  pack(@Param('personId') personId: string, @Query() params: ChronologyParams): Promise<ChronologyPack> {
    return this.build(personId, params);
  }

  @Get(':personId/chronology.pdf')
  @Requires('person.pack')
  @Header('Cache-Control', 'no-store')
  @ApiProduces('application/pdf')
  @ApiOperation({ summary: 'The review chronology pack as a PDF' })
  async pdf(
    @Param('personId') personId: string,
    @Query() params: ChronologyParams,
    @CurrentPrincipal() principal: Principal,
    @Purpose() purpose: string,
  ): Promise<StreamableFile> {
    const pack = await this.build(personId, params);
    const pdf = await renderChronologyPdf(pack, {
      requestedBy: `${principal.subject} (${principal.role})`,
      purpose,
      generatedAt: new Date().toISOString(),
    });
    const name = `chronology-${personId.replace(/[^A-Za-z0-9._-]/g, '_')}-${pack.from ?? 'start'}-${pack.to ?? 'now'}.pdf`;
    return new StreamableFile(pdf, { type: 'application/pdf', disposition: `attachment; filename="${name}"`, length: pdf.length });
  }

  private async build(personId: string, params: ChronologyParams): Promise<ChronologyPack> {
    const knownAt = params.knownAt ? params.knownAt.split(',') : [];
    const invalid = [params.from, params.to, ...knownAt].filter((date) => date !== undefined && !isValidDate(date));
    if (invalid.length > 0) throw new BadRequestException(`not calendar dates: ${invalid.join(', ')}`);
    if (params.from && params.to && params.from > params.to) throw new BadRequestException('from must not be after to');
    const timeline: Timeline = await this.queries.execute(new PersonTimelineQuery(personId));
    return chronologyPack(timeline, { from: params.from, to: params.to, knownAt });
  }
}
