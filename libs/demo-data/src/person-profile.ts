import type { Gender } from '@ledger/domain/events/person';
import type { AreaProfile } from './areas';
import {
  FIRST_CONTACT_AGE,
  GENDER_MIX,
  IOM_COHORT_TYPES,
  IOM_POST_ADOPTION_RATE_FACTOR,
  MAPPA_MIX,
  MAPPA_SHARE_OF_PEOPLE,
  NEED_PREVALENCE,
  OFFENCE_MIX,
  REPEAT_OFFENDER_SHARE,
  ROSH_MIX,
  SEXUAL_OFFENDER_GENDER_MIX,
} from './calibration';
import type { IdentifierIssuer } from './identifiers';
import type { IomMembership } from './iom';
import type { IomCohortPlan } from './iom-cohorts';
import { FEMALE_GIVEN_NAMES, MALE_GIVEN_NAMES, SURNAMES } from './names';
import type { MappaPlan } from './public-protection';
import type { Random } from './random';
import { DAY, HOUR, YEAR, quarterStart, startOfDay, utcYear, wholeSeconds } from './time';

/** What kind of offending history the person has. */
export type Role = 'occasional' | 'repeat' | 'iom' | 'mappa';

/**
 * Features rare enough that a small population might miss them. Among the first 400 people, one in
 * every hundred (by index) is made to show each, so every event type appears in any population of
 * 100 or more; beyond that they would skew the calibrated mixes, so chance alone decides.
 */
export type Showcase = 'mappa-changes' | 'licence-recall' | 'restorative-justice' | 'data-quality';
const SHOWCASE_BY_INDEX: Readonly<Record<number, Showcase>> = {
  10: 'mappa-changes',
  30: 'licence-recall',
  50: 'restorative-justice',
  70: 'data-quality',
};
const SHOWCASE_PEOPLE = 400;

export interface PersonProfile {
  personId: string;
  name: string;
  gender: Gender;
  dateOfBirthMs: number;
  role: Role;
  offenceMix: keyof typeof OFFENCE_MIX;
  identifiers: { pnc: string; cro: string; crn: string; noms: string; visor: string; force: string; duplicateCrn: string };
  /** Criminogenic needs the person's assessments mostly find. */
  needs: string[];
  rosh: string;
  firstContactMs: number;
  iom?: IomMembership & { postAdoptionRateFactor: number };
  mappa?: MappaPlan;
  showcase?: Showcase;
}

export interface PopulationContext {
  seed: string;
  until: number;
  startMs: number;
  areas: readonly AreaProfile[];
  cohorts: IomCohortPlan;
  issuer: IdentifierIssuer;
}

export function drawProfile(index: number, rng: Random, context: PopulationContext): { profile: PersonProfile; area: AreaProfile } {
  const showcase = index < SHOWCASE_PEOPLE ? SHOWCASE_BY_INDEX[index % 100] : undefined;
  const cohort = context.cohorts.cohortOf(index);
  const area = cohort
    ? context.areas.find((profile) => profile.area === cohort.area) ?? context.areas[0]
    : rng.weighted(context.areas.map((profile) => [profile, profile.weight] as const));
  const role: Role = cohort
    ? 'iom'
    : showcase === 'mappa-changes' || rng.chance(MAPPA_SHARE_OF_PEOPLE)
      ? 'mappa'
      : rng.chance(REPEAT_OFFENDER_SHARE / (1 - MAPPA_SHARE_OF_PEOPLE))
        ? 'repeat'
        : 'occasional';

  let mappa: MappaPlan | undefined;
  if (role === 'mappa' || showcase === 'mappa-changes') {
    const cell = showcase === 'mappa-changes' && role === 'iom' ? ({ category: 2, level: 2 } as const) : rng.weighted(MAPPA_MIX);
    mappa = {
      cell,
      changeLevel: showcase === 'mappa-changes' || rng.chance(0.15),
      // Category 1 is five times the size of category 2: equal flows each way keep the mix steady.
      changeCategory: showcase === 'mappa-changes' || rng.chance(cell.category === 1 ? 0.03 : 0.15),
      annualReviews: rng.chance(0.5),
    };
  }
  const sexualOffender = mappa?.cell.category === 1;
  const gender = rng.weighted(sexualOffender ? SEXUAL_OFFENDER_GENDER_MIX : GENDER_MIX);
  const givenNames: readonly string[] =
    gender === 'male' ? MALE_GIVEN_NAMES : gender === 'female' ? FEMALE_GIVEN_NAMES : rng.pick([MALE_GIVEN_NAMES, FEMALE_GIVEN_NAMES]);

  let iom: PersonProfile['iom'];
  if (cohort) {
    const quarterEnd = quarterStart(cohort.quarter) + 88 * DAY;
    const adoptedAt = startOfDay(Math.min(rng.between(quarterStart(cohort.quarter), quarterEnd), context.until - 7 * DAY));
    const [from, to] = rng.weighted(IOM_POST_ADOPTION_RATE_FACTOR);
    iom = {
      cohortId: cohort.cohortId,
      cohortType: rng.weighted(IOM_COHORT_TYPES),
      adoptedAt,
      postAdoptionRateFactor: rng.between(from, to),
    };
  }

  const firstContactMs = wholeSeconds(
    iom
      ? Math.max(context.startMs, iom.adoptedAt - rng.between(1.5, 6) * YEAR) + rng.between(0, 24) * HOUR
      : showcase
        ? context.startMs + rng.between(0.5, 3) * YEAR
        : rng.between(context.startMs, context.until - (role === 'mappa' ? YEAR : 60 * DAY)),
  );
  const [youngest, oldest] = rng.weighted(sexualOffender ? SEXUAL_OFFENDER_AGE : iom ? IOM_AGE : FIRST_CONTACT_AGE);
  const dateOfBirthMs = startOfDay(firstContactMs - rng.between(youngest, oldest + 1) * YEAR);
  const firstYear = utcYear(firstContactMs);
  const { issuer } = context;

  return {
    area,
    profile: {
      personId: rng.uuid(),
      name: `${rng.pick(givenNames)} ${rng.pick(SURNAMES)}`,
      gender,
      dateOfBirthMs,
      role,
      offenceMix: iom ? iom.cohortType : role === 'repeat' ? 'repeat' : 'occasional',
      identifiers: {
        pnc: issuer.pnc(index, firstYear),
        cro: issuer.cro(index, firstYear),
        crn: issuer.crn(index),
        noms: issuer.noms(index),
        visor: issuer.visor(index),
        force: issuer.force(index, area.forceCode, firstYear),
        duplicateCrn: issuer.crn(index + DUPLICATE_INDEX_OFFSET),
      },
      needs: drawNeeds(rng, role),
      rosh: role === 'mappa' ? rng.weighted([['medium', 0.5], ['high', 0.45], ['very-high', 0.05]] as const) : rng.weighted(ROSH_MIX),
      firstContactMs,
      iom,
      mappa,
      showcase,
    },
  };
}

/** Duplicate records get CRNs from a separate half of the number space. */
const DUPLICATE_INDEX_OFFSET = 13_000_000;

/** Registered sex offenders are older at first contact; IOM nominals younger (assumption). */
const SEXUAL_OFFENDER_AGE: ReadonlyArray<readonly [readonly [number, number], number]> = [
  [[18, 24], 0.2],
  [[25, 34], 0.25],
  [[35, 44], 0.25],
  [[45, 59], 0.22],
  [[60, 75], 0.08],
];
const IOM_AGE: ReadonlyArray<readonly [readonly [number, number], number]> = [
  [[16, 17], 0.05],
  [[18, 24], 0.4],
  [[25, 34], 0.4],
  [[35, 44], 0.15],
];
/** Needs at the seed's prevalence; persistent acquisitive offenders more often need drug treatment and housing. */
function drawNeeds(rng: Random, role: Role): string[] {
  const needs = NEED_PREVALENCE.filter(([need, share]) => {
    const boosted = role === 'iom' && (need === 'drugs' || need === 'accommodation') ? Math.max(share, 0.55) : share;
    return rng.chance(boosted);
  }).map(([need]) => need);
  return needs.length > 0 ? needs : ['thinking-behaviour'];
}
