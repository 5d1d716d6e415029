/** Integrated Offender Management: adoption onto a police cohort, and deselection from it. */
import { RequiredEnum, RequiredString } from '../validation/field-decorators';

/** Since the 2020 national strategy: Fixed (neighbourhood crime), Flex (local priorities), Free. */
export const IOM_COHORT_TYPES = ['fixed', 'flex', 'free'] as const;
export type IomCohortType = (typeof IOM_COHORT_TYPES)[number];

export class IomAdoptedData {
  @RequiredString() cohortId: string;
  @RequiredEnum(IOM_COHORT_TYPES) cohortType: IomCohortType;
  @RequiredString() reason: string;
}

export class IomDeselectedData {
  @RequiredString() cohortId: string;
  @RequiredString() reason: string;
}
