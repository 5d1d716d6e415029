import { MAPPA_REVIEW_WEEKS, type MappaCell } from './calibration';
import type { Journey } from './journey';
import { assessNeedsAndRisk } from './supervision';
import { DAY, WEEK, YEAR, toDate } from './time';

export interface MappaPlan {
  cell: MappaCell;
  /** A temporary change of level (escalation, or a level 3 case stepping down for a while). */
  changeLevel: boolean;
  changeCategory: boolean;
  /** Level 1 has no meeting cycle; some lead agencies still review yearly. */
  annualReviews: boolean;
}

const ROSH_AT_LEVEL: Readonly<Record<number, ReadonlyArray<readonly [string, number]>>> = {
  1: [['low', 0.1], ['medium', 0.65], ['high', 0.25]],
  2: [['medium', 0.2], ['high', 0.75], ['very-high', 0.05]],
  3: [['high', 0.3], ['very-high', 0.7]],
};
const RISK_TOOL: Readonly<Record<number, string>> = { 1: 'rm2000', 2: 'oasys', 3: 'oasys', 4: 'other' };
/** A category change follows a new conviction or the end of notification (assumption). */
const CATEGORY_AFTER_CHANGE: Readonly<Record<number, MappaCell['category']>> = { 1: 2, 2: 1, 3: 2, 4: 2 };
const DEREGISTRATION_REASON: Readonly<Record<number, string>> = {
  1: 'Notification requirements ended',
  2: 'Supervision ended: no longer MAPPA-eligible',
  3: 'No longer meets the criteria for category 3 management',
  4: 'Supervision ended: no longer MAPPA-eligible',
};

function leadAgency(j: Journey, at: number, category: number): string {
  if (j.ageAt(at) < 18) return 'youth-justice';
  switch (category) {
    case 1:
      return j.rng.weighted([['police', 0.5], ['probation', 0.5]] as const);
    case 3:
      return j.rng.weighted([['probation', 0.75], ['police', 0.15], ['mental-health', 0.1]] as const);
    default:
      return j.rng.weighted([['probation', 0.9], ['prison', 0.05], ['police', 0.05]] as const);
  }
}

interface LevelPeriod {
  from: number;
  to: number;
  level: number;
}

/**
 * A MAPPA registration from `registeredAt` for two to nine years: ViSOR record, registration,
 * risk assessment, reviews at the level's cycle (16 weeks at level 2, 8 at level 3, sometimes
 * late), perhaps a temporary level change and a category change, then deregistration. Every
 * change and review falls strictly inside the registration.
 */
export function manageUnderMappa(j: Journey, registeredAt: number, plan: MappaPlan): void {
  const { category, level } = plan.cell;
  const deregisteredAt = registeredAt + Math.round(j.rng.between(2, 9) * YEAR / DAY) * DAY;
  const system = 'ndelius';
  if (category !== 2 || level > 1) j.linkIdentifier('visor', registeredAt, 'visor');
  j.add('mappa.registered', registeredAt, { category, level, leadAgency: leadAgency(j, registeredAt, category) }, { system, dateOnly: true });
  assessNeedsAndRisk(j, registeredAt + j.rng.int(1, 14) * DAY, j.rng.weighted(ROSH_AT_LEVEL[level]), RISK_TOOL[category]);

  const periods: LevelPeriod[] = [{ from: registeredAt, to: deregisteredAt, level }];
  if (plan.changeLevel) {
    const changedAt = registeredAt + Math.round(j.rng.between(0.15, 0.6) * ((deregisteredAt - registeredAt) / DAY)) * DAY;
    const revertAt = changedAt + j.rng.int(90, 270) * DAY;
    const changedLevel = level === 3 ? 2 : level + 1;
    const escalation = changedLevel > level;
    j.add('mappa.level-changed', changedAt, {
      level: changedLevel,
      reason: escalation ? 'Escalating risk: concerns raised by the lead agency' : 'Risk reduced: senior oversight no longer required',
    }, { system, dateOnly: true });
    periods[0].to = changedAt;
    if (revertAt < deregisteredAt - 30 * DAY) {
      j.add('mappa.level-changed', revertAt, {
        level,
        reason: escalation ? 'Risk reduced: multi-agency management no longer needed' : 'Risk increased: returned to enhanced management',
      }, { system, dateOnly: true });
      periods.push({ from: changedAt, to: revertAt, level: changedLevel }, { from: revertAt, to: deregisteredAt, level });
    } else {
      periods.push({ from: changedAt, to: deregisteredAt, level: changedLevel });
    }
  }
  let categoryNow = category;
  if (plan.changeCategory) {
    categoryNow = CATEGORY_AFTER_CHANGE[category];
    const changedAt = registeredAt + Math.round(j.rng.between(0.2, 0.8) * ((deregisteredAt - registeredAt) / DAY)) * DAY;
    j.add('mappa.category-changed', changedAt, { category: categoryNow }, { system, dateOnly: true });
  }
  for (const period of periods) {
    if (period.level > 1 || plan.annualReviews) reviewDuring(j, period);
  }
  if (categoryNow === 1 && j.rng.chance(0.1)) {
    const breachedAt = j.rng.between(registeredAt + 30 * DAY, deregisteredAt - DAY);
    const order = j.rng.weighted([['notification-requirements', 0.7], ['shpo', 0.2], ['sopo', 0.1]] as const);
    j.add('breach.recorded', breachedAt, { order, outcome: 'Referred to the police for investigation' }, { system: 'visor' });
  }
  j.add('mappa.deregistered', deregisteredAt, { reason: DEREGISTRATION_REASON[categoryNow] }, { system, dateOnly: true });
}

/** Reviews through a period at one level: nine in ten on time, the rest up to six weeks late. */
function reviewDuring(j: Journey, period: LevelPeriod): void {
  const cycle = MAPPA_REVIEW_WEEKS[period.level] * WEEK;
  let lastMeeting = period.from;
  for (;;) {
    const due = lastMeeting + cycle;
    const reviewedAt = j.rng.chance(0.9) ? due - j.rng.int(0, 14) * DAY : due + j.rng.int(7, 42) * DAY;
    if (reviewedAt >= period.to - DAY) return;
    j.add('mappa.reviewed', reviewedAt, { level: period.level, nextReviewDue: toDate(reviewedAt + cycle) }, { system: 'ndelius', dateOnly: true });
    lastMeeting = reviewedAt;
  }
}
