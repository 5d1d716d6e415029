import { Module } from '@nestjs/common';
import { AssetsController } from './assets.controller';
import { ChronologyController } from './chronology/chronology.controller';
import { CohortMonthlyController } from './iom-chart/cohort-monthly.controller';
import { PagesController } from './pages.controller';

/**
 * The pages people work in (sign-in, IOM, MAPPA, a person's record and chronology pack, audit),
 * their scripts and styles, and the two API routes only the pages need: the review chronology
 * pack (JSON and PDF) and a cohort's month-by-month offending. Relies on the app's global
 * AuthGuard, PolicyGuard and access-log interceptor (apps/api/src/access) like every API route.
 */
@Module({
  controllers: [PagesController, AssetsController, ChronologyController, CohortMonthlyController],
})
export class PagesModule {}
