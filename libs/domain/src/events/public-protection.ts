/** Public protection and risk: MAPPA (Criminal Justice Act 2003 ss.325-327B), RoSH, needs. */
import {
  OptionalDate,
  OptionalString,
  RequiredEnum,
  RequiredEnumArray,
  RequiredInt,
  RequiredString,
} from '../validation/field-decorators';

/** 1 registered sexual offenders, 2 violent, 3 other dangerous, 4 terrorist or terrorist-risk. */
export const MAPPA_CATEGORIES = [1, 2, 3, 4] as const;
export type MappaCategory = (typeof MAPPA_CATEGORIES)[number];

/** 1 ordinary agency management, 2 active multi-agency, 3 enhanced with senior representation. */
export const MAPPA_LEVELS = [1, 2, 3] as const;
export type MappaLevel = (typeof MAPPA_LEVELS)[number];

const MappaCategoryField = (): PropertyDecorator => RequiredInt(MAPPA_CATEGORIES[0], MAPPA_CATEGORIES[MAPPA_CATEGORIES.length - 1]);
const MappaLevelField = (): PropertyDecorator => RequiredInt(MAPPA_LEVELS[0], MAPPA_LEVELS[MAPPA_LEVELS.length - 1]);

export const MAPPA_LEAD_AGENCIES = ['police', 'probation', 'youth-justice', 'mental-health', 'prison'] as const;
export type MappaLeadAgency = (typeof MAPPA_LEAD_AGENCIES)[number];

export class MappaRegisteredData {
  @MappaCategoryField() category: MappaCategory;
  @MappaLevelField() level: MappaLevel;
  @RequiredEnum(MAPPA_LEAD_AGENCIES) leadAgency: MappaLeadAgency;
}

export class MappaLevelChangedData {
  @MappaLevelField() level: MappaLevel;
  @OptionalString() reason?: string;
}

export class MappaCategoryChangedData {
  @MappaCategoryField() category: MappaCategory;
}

/** A MAPPA meeting: the level it confirmed and, optionally, the date it set for the next one. */
export class MappaReviewedData {
  @MappaLevelField() level: MappaLevel;
  @OptionalDate() nextReviewDue?: string;
}

export class MappaDeregisteredData {
  @RequiredString() reason: string;
}

export const ROSH_LEVELS = ['low', 'medium', 'high', 'very-high'] as const;
export type RoshLevel = (typeof ROSH_LEVELS)[number];

export const ASSESSMENT_TOOLS = ['oasys', 'arms', 'rm2000', 'sara', 'assetplus', 'other'] as const;
export type AssessmentTool = (typeof ASSESSMENT_TOOLS)[number];

export class RiskRoshAssessedData {
  @RequiredEnum(ROSH_LEVELS) level: RoshLevel;
  @RequiredEnum(ASSESSMENT_TOOLS) tool: AssessmentTool;
}

/** The criminogenic needs OASys counts (seed 001). */
export const NEEDS = [
  'accommodation',
  'ete',
  'finance',
  'relationships',
  'lifestyle',
  'drugs',
  'alcohol',
  'emotional-wellbeing',
  'thinking-behaviour',
  'attitudes',
] as const;
export type Need = (typeof NEEDS)[number];

/** The needs identified; an assessment may identify none, so the list may be empty. */
export class NeedsAssessedData {
  @RequiredEnum(ASSESSMENT_TOOLS) tool: AssessmentTool;
  @RequiredEnumArray(NEEDS) needs: Need[];
}
