import type { IomCohortType } from '@ledger/domain/events/iom';
import type { Journey } from './journey';
import { pathwaysFor, referToIntervention } from './supervision';
import { DAY } from './time';

export interface IomMembership {
  cohortId: string;
  cohortType: IomCohortType;
  adoptedAt: number;
}

const ADOPTION_REASONS: Readonly<Record<IomCohortType, readonly string[]>> = {
  fixed: ['Neighbourhood crime: persistent burglary', 'Neighbourhood crime: robbery and theft from the person', 'Neighbourhood crime: vehicle crime'],
  flex: ['Local priority: drug-related acquisitive offending', 'Local priority: domestic abuse perpetrator', 'Local priority: serious violence'],
  free: ['Local discretion: persistent offending causing community harm', 'Local discretion: prolific shoplifting'],
};

const EARLY_DESELECTION_REASONS = [
  'Sentenced to long-term custody',
  'Moved out of the area',
  'No longer meets the cohort criteria',
  'Sustained desistance: managed by probation alone',
];

/**
 * Adoption onto an IOM cohort, the partnership's first referrals, and deselection: most stay the
 * two tracked years, some leave early, some are still managed at the end of the data.
 */
export function manageUnderIom(j: Journey, membership: IomMembership): void {
  const { cohortId, cohortType, adoptedAt } = membership;
  j.add('iom.adopted', adoptedAt, { cohortId, cohortType, reason: j.rng.pick(ADOPTION_REASONS[cohortType]) }, {
    system: 'ndelius',
    reference: 'IIOM',
    dateOnly: true,
  });
  for (const pathway of pathwaysFor(j.person.needs).slice(0, j.rng.int(1, 2))) {
    referToIntervention(j, adoptedAt + j.rng.int(7, 28) * DAY, pathway);
  }
  const ending = j.rng.weighted([['completed', 0.6], ['early', 0.25], ['ongoing', 0.15]] as const);
  if (ending === 'ongoing') return;
  const [deselectedAt, reason] =
    ending === 'completed'
      ? [adoptedAt + j.rng.int(730, 760) * DAY, 'Two-year tracking period completed']
      : [adoptedAt + j.rng.int(120, 700) * DAY, j.rng.pick(EARLY_DESELECTION_REASONS)];
  j.add('iom.deselected', deselectedAt, { cohortId, reason }, { system: 'ndelius', reference: 'IIOM', dateOnly: true });
}
