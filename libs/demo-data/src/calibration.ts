/**
 * The figures the synthetic population is calibrated to, each with the seed document it comes from
 * (/work/shared/seeds). Where the seeds are silent the figure is a plausible assumption and says so.
 */
import type { IomCohortType } from '@ledger/domain/events/iom';
import type { Gender } from '@ledger/domain/events/person';
import type { OffenceCategory } from './offences';

/**
 * Seed 001: IoW CRC caseload 204 men / 45 women (82% male), NPS 151 / 15 (91% male): about 87%.
 * Registered sex offenders are almost all men.
 */
export const GENDER_MIX: ReadonlyArray<readonly [Gender, number]> = [
  ['male', 0.87],
  ['female', 0.125],
  ['other', 0.003],
  ['unknown', 0.002],
];
export const SEXUAL_OFFENDER_GENDER_MIX: ReadonlyArray<readonly [Gender, number]> = [
  ['male', 0.97],
  ['female', 0.03],
];

/**
 * Age at first contact with the police, as [from, to] years. Seeds 000/001 give the age of the
 * probation caseload (largest groups 25-34 and 35-44); first contact comes years earlier, so the
 * bands are shifted younger: mostly 18-40, with a youth tail (the strategies cover ages 10-17).
 */
export const FIRST_CONTACT_AGE: ReadonlyArray<readonly [readonly [number, number], number]> = [
  [[12, 17], 0.1],
  [[18, 24], 0.34],
  [[25, 34], 0.3],
  [[35, 44], 0.16],
  [[45, 59], 0.08],
  [[60, 75], 0.02],
];

/**
 * OASys criminogenic needs, share of assessed people with each (seed 001, IoW CRC 2017-18:
 * thinking and behaviour 88%, alcohol 54%, relationships 52%, ...).
 */
export const NEED_PREVALENCE: ReadonlyArray<readonly [string, number]> = [
  ['thinking-behaviour', 0.88],
  ['alcohol', 0.54],
  ['relationships', 0.52],
  ['lifestyle', 0.48],
  ['emotional-wellbeing', 0.48],
  ['attitudes', 0.47],
  ['drugs', 0.31],
  ['finance', 0.24],
  ['accommodation', 0.19],
  ['ete', 0.11],
];

/** The resettlement pathway that addresses each need (domain.md: seven pathways). */
export const PATHWAY_FOR_NEED: Readonly<Record<string, string>> = {
  'thinking-behaviour': 'attitudes-thinking-behaviour',
  attitudes: 'attitudes-thinking-behaviour',
  alcohol: 'drugs-alcohol',
  drugs: 'drugs-alcohol',
  relationships: 'children-families',
  lifestyle: 'attitudes-thinking-behaviour',
  'emotional-wellbeing': 'health',
  finance: 'finance',
  accommodation: 'accommodation',
  ete: 'ete',
};

export interface MappaCell {
  category: 1 | 2 | 3 | 4;
  level: 1 | 2 | 3;
}

/**
 * Category x level of MAPPA registrations. Seed 002 (Hampshire and IoW, 31 March 2014): cat 1
 * 1626 / 88 / 1 at levels 1/2/3, cat 2 282 / 41 / 0, cat 3 - / 10 / 1, of 2049: cat 1 84%, level 1
 * 93%. Level 3 is lifted to about 1% (the brief's figure; the yearly totals give 12 of 350 at levels
 * 2-3) so that level-3 management appears in modest populations; category 4 (terrorist risk, later
 * guidance) is a token share. Level 2 starts a little under Hampshire's share because temporary
 * escalations (see public-protection.ts) add about a point and a half at any date.
 */
export const MAPPA_MIX: ReadonlyArray<readonly [MappaCell, number]> = [
  [{ category: 1, level: 1 }, 0.785],
  [{ category: 1, level: 2 }, 0.033],
  [{ category: 1, level: 3 }, 0.005],
  [{ category: 2, level: 1 }, 0.135],
  [{ category: 2, level: 2 }, 0.015],
  [{ category: 2, level: 3 }, 0.003],
  [{ category: 3, level: 2 }, 0.005],
  [{ category: 3, level: 3 }, 0.002],
  [{ category: 4, level: 1 }, 0.001],
  [{ category: 4, level: 2 }, 0.001],
];

/** Review cycles for levels 2 and 3 (seed 004, Warwickshire): at least every 16 and 8 weeks. */
export const MAPPA_REVIEW_WEEKS: Readonly<Record<number, number>> = { 1: 52, 2: 16, 3: 8 };

/**
 * Offence mixes by kind of offender (assumption, shaped by seed 003: drug misuse drives acquisitive
 * crime, alcohol a large share of violence).
 */
export const OFFENCE_MIX: Readonly<Record<string, ReadonlyArray<readonly [OffenceCategory, number]>>> = {
  occasional: [
    ['theft', 20], ['public-order', 15], ['violence', 15], ['motoring', 15], ['drugs', 12],
    ['criminal-damage', 10], ['fraud', 5], ['weapons', 3], ['other', 5],
  ],
  repeat: [
    ['theft', 25], ['violence', 15], ['drugs', 15], ['public-order', 10], ['criminal-damage', 8],
    ['burglary', 7], ['vehicle', 5], ['breach', 7], ['motoring', 5], ['weapons', 3],
  ],
  fixed: [['burglary', 30], ['robbery', 10], ['vehicle', 20], ['theft', 30], ['drugs', 5], ['violence', 5]],
  flex: [['drugs', 30], ['violence', 25], ['theft', 20], ['public-order', 10], ['weapons', 10], ['breach', 5]],
  free: [['theft', 25], ['violence', 20], ['burglary', 15], ['drugs', 15], ['criminal-damage', 10], ['public-order', 10], ['breach', 5]],
};

/** Share of arrests ending without charge, and in an out-of-court disposal (assumption). */
export const NO_FURTHER_ACTION_RATE = 0.22;
export const OUT_OF_COURT_RATE_FIRST_TIME = 0.3;
export const OUT_OF_COURT_RATE_REPEAT = 0.08;

/**
 * Sentences for adults (weights before adjustment for seriousness and record). Seed 001: 76% of the
 * CRC caseload is on community sentences, the rest in custody or on licence.
 */
export const ADULT_SENTENCE_MIX: ReadonlyArray<readonly [string, number]> = [
  ['fine', 28],
  ['conditional-discharge', 10],
  ['absolute-discharge', 1],
  ['community-order', 26],
  ['suspended', 14],
  ['custody', 20],
  ['hospital-order', 0.4],
];

export const YOUTH_SENTENCE_MIX: ReadonlyArray<readonly [string, number]> = [
  ['youth-rehabilitation-order', 50],
  ['conditional-discharge', 20],
  ['fine', 12],
  ['custody', 8],
];

/** RoSH levels in the general caseload (assumption: most low or medium, few very high). */
export const ROSH_MIX: ReadonlyArray<readonly [string, number]> = [
  ['low', 0.38],
  ['medium', 0.47],
  ['high', 0.13],
  ['very-high', 0.02],
];

/**
 * IOM (seed 001): cohorts of 11 to 19 people, one per quarter, tracked for two years; ~40 people
 * per local scheme. Cohort types since the 2020 strategy: fixed, flex, free.
 */
export const IOM_COHORT_SIZE = { min: 11, max: 19 } as const;
export const IOM_SHARE_OF_PEOPLE = 0.12;
export const IOM_COHORT_TYPES: ReadonlyArray<readonly [IomCohortType, number]> = [
  ['fixed', 0.55],
  ['flex', 0.3],
  ['free', 0.15],
];
/** Seed 001: reductions from -335% to 100%; most people offend less once adopted. */
export const IOM_POST_ADOPTION_RATE_FACTOR: ReadonlyArray<readonly [readonly [number, number], number]> = [
  [[0.05, 0.6], 0.65],
  [[0.6, 1.3], 0.2],
  [[1.3, 3.5], 0.15],
];

/** Share of non-IOM people managed under MAPPA at some point (assumption, for a visible caseload). */
export const MAPPA_SHARE_OF_PEOPLE = 0.1;
export const REPEAT_OFFENDER_SHARE = 0.3;
