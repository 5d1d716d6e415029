import { IOM_COHORT_SIZE, IOM_SHARE_OF_PEOPLE } from './calibration';
import { Random } from './random';
import { DAY, addQuarters, quarterOf, quarterStart, type Quarter } from './time';

export interface IomCohort {
  /** e.g. `hampshire-iow-2024-q1` */
  cohortId: string;
  area: string;
  quarter: Quarter;
  size: number;
}

/**
 * Which people are adopted onto which IOM cohort. Cohorts (seed 001) hold 11 to 19 people, one per
 * area per quarter. The plan is fixed before any person is generated so cohort sizes hold while
 * people stream one by one: member k is the person whose index crosses the k-th step of an even
 * spread of the members over the population, so the plan takes memory per cohort, not per person.
 *
 * Cohorts fill the quarter about 27 months before `until` first (so the demo shows cohorts whose
 * two-year tracking has just completed), then alternately earlier and later quarters.
 */
export class IomCohortPlan {
  private readonly cumulative: number[] = [];

  private constructor(
    readonly cohorts: readonly IomCohort[],
    private readonly people: number,
  ) {
    let total = 0;
    for (const cohort of cohorts) this.cumulative.push((total += cohort.size));
  }

  static build(seed: string, people: number, areas: readonly string[], startYear: number, until: number): IomCohortPlan {
    const rng = Random.from(seed, 'iom-cohorts');
    const earliest = quarterOf(Date.UTC(startYear + 1, 0, 1));
    const latest = quarterOf(until - 30 * DAY);
    const centre = quarterOf(until - 27 * 30.44 * DAY);
    const quarters: Quarter[] = [];
    for (let distance = 0; ; distance++) {
      const earlier = addQuarters(centre, -distance);
      const later = addQuarters(centre, distance);
      if (quarterStart(earlier) < quarterStart(earliest) && quarterStart(later) > quarterStart(latest)) break;
      for (const quarter of distance === 0 ? [earlier] : [earlier, later]) {
        if (quarterStart(quarter) >= quarterStart(earliest) && quarterStart(quarter) <= quarterStart(latest)) quarters.push(quarter);
      }
    }
    let remaining = Math.floor(people * IOM_SHARE_OF_PEOPLE);
    const cohorts: IomCohort[] = [];
    quarters.forEach((quarter, step) => {
      for (let n = 0; n < areas.length && remaining >= IOM_COHORT_SIZE.min; n++) {
        const area = areas[(n + step) % areas.length];
        const size = Math.min(remaining, rng.int(IOM_COHORT_SIZE.min, IOM_COHORT_SIZE.max));
        cohorts.push({ cohortId: `${area}-${quarter.year}-q${quarter.quarter}`, area, quarter, size });
        remaining -= size;
      }
    });
    return new IomCohortPlan(cohorts, people);
  }

  /** The cohort person `index` is adopted onto, if any. */
  cohortOf(index: number): IomCohort | undefined {
    const members = this.cumulative.at(-1) ?? 0;
    const before = Math.floor((index * members) / this.people);
    if (Math.floor(((index + 1) * members) / this.people) === before) return undefined;
    const cohortIndex = this.cumulative.findIndex((total) => before < total);
    return this.cohorts[cohortIndex];
  }
}
