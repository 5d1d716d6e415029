import { Controller, Param, Query, Redirect } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { PageRoute } from './http/page-route';
import { layout } from './views/layout';
import { auditPage, chronologyPage, homePage, iomCohortPage, iomCohortsPage, mappaPage, personPage } from './views/pages';

/** The pages people work in. Each answers the same markup to everyone; see views/layout.ts. */
@ApiExcludeController()
@Controller()
export class PagesController {
  @PageRoute('/')
  home(): string {
    return layout(homePage());
  }

  @PageRoute('iom')
  iomCohorts(): string {
    return layout(iomCohortsPage());
  }

  @PageRoute('iom/cohorts/:cohortId')
  iomCohort(@Param('cohortId') cohortId: string): string {
    return layout(iomCohortPage(cohortId));
  }

  @PageRoute('mappa')
  mappa(): string {
    return layout(mappaPage());
  }

  /** The home page's "open a record" form, when it is submitted without JavaScript. */
  @PageRoute('persons')
  @Redirect('/', 303)
  openPerson(@Query('personId') personId?: string) {
    const id = (personId ?? '').trim();
    return id ? { url: `/persons/${encodeURIComponent(id)}` } : undefined;
  }

  @PageRoute('persons/:personId')
  person(@Param('personId') personId: string): string {
    return layout(personPage(personId));
  }

  @PageRoute('persons/:personId/chronology')
  chronology(@Param('personId') personId: string): string {
    return layout(chronologyPage(personId));
  }

  @PageRoute('audit')
  audit(): string {
    return layout(auditPage());
  }
}
