import { NEED_PREVALENCE, PATHWAY_FOR_NEED } from './calibration';
import type { Journey } from './journey';
import { DAY, HOUR } from './time';

/** Programmes offered on each of the seven resettlement pathways. */
const PROGRAMMES: Readonly<Record<string, readonly string[]>> = {
  accommodation: ['Commissioned Rehabilitative Services: accommodation', 'CAS3 temporary accommodation', 'Supported housing referral'],
  ete: ['Commissioned Rehabilitative Services: education, training and employment', 'Job Centre Plus prison leavers support'],
  finance: ['Citizens Advice debt advice', 'Benefits and banking support'],
  'drugs-alcohol': ['Drug rehabilitation requirement treatment', 'Alcohol treatment requirement', 'Community drug and alcohol service'],
  'attitudes-thinking-behaviour': ['Thinking Skills Programme', 'Building Better Relationships', 'Resolve', 'Becoming New Me+'],
  health: ['Mental health treatment requirement', 'Primary care mental health service'],
  'children-families': ['Strengthening Families programme', 'Family and relationships support'],
};

const COMMUNITY_BREACH_OUTCOMES = [
  'Warning letter issued',
  'Returned to court: order continued with an additional requirement',
  'Returned to court: order revoked and resentenced',
];

/**
 * An OASys (AssetPlus for children) needs assessment and risk of serious harm, dated `at`. Needs
 * follow the person's own profile, drifting a little between assessments.
 */
export function assessNeedsAndRisk(j: Journey, at: number, rosh = j.person.rosh, roshTool?: string): string[] {
  const youth = j.ageAt(at) < 18;
  const tool = youth ? 'assetplus' : 'oasys';
  const needs = NEED_PREVALENCE.map(([need]) => need).filter((need) =>
    j.person.needs.includes(need) ? j.rng.chance(0.9) : j.rng.chance(0.05),
  );
  if (needs.length === 0) needs.push('thinking-behaviour');
  j.add('needs.assessed', at, { tool, needs }, { system: 'oasys', dateOnly: true });
  j.add('risk.rosh-assessed', at, { level: rosh, tool: roshTool ?? tool }, { system: 'oasys', dateOnly: true });
  return needs;
}

/**
 * Referral to an intervention and what became of it: most start within six weeks and most of
 * those complete; the rest are withdrawn (not engaging, moved, returned to custody).
 */
export function referToIntervention(j: Journey, referredAt: number, pathway: string): void {
  const interventionId = j.newId('INT');
  const data = { interventionId, pathway, programme: j.rng.pick(PROGRAMMES[pathway]) };
  const options = { system: 'ndelius', dateOnly: true, reference: interventionId } as const;
  j.add('intervention.referred', referredAt, data, options);
  if (!j.rng.chance(0.78)) {
    j.add('intervention.withdrawn', referredAt + j.rng.int(7, 40) * DAY, data, options);
    return;
  }
  const startedAt = referredAt + j.rng.int(14, 42) * DAY;
  j.add('intervention.started', startedAt, data, options);
  if (j.rng.chance(0.72)) {
    j.add('intervention.completed', startedAt + j.rng.int(42, 140) * DAY, data, options);
  } else {
    j.add('intervention.withdrawn', startedAt + j.rng.int(14, 100) * DAY, data, options);
  }
}

/** The pathways that address the assessed needs and the sentence's requirements, without repeats. */
export function pathwaysFor(needs: readonly string[], requirements: readonly string[] = []): string[] {
  const fromRequirements = requirements.flatMap((requirement) =>
    requirement === 'drug-rehabilitation' || requirement.startsWith('alcohol')
      ? ['drugs-alcohol']
      : requirement === 'programme'
        ? ['attitudes-thinking-behaviour']
        : requirement === 'mental-health-treatment'
          ? ['health']
          : [],
  );
  return [...new Set([...fromRequirements, ...needs.map((need) => PATHWAY_FOR_NEED[need])])];
}

export interface SupervisionOptions {
  order: 'community-order' | 'licence';
  requirements?: readonly string[];
}

/**
 * Probation supervision from `start` to `end`: the CRN is linked, needs and risk assessed, one to
 * three interventions referred, and for community orders possibly a breach.
 */
export function supervise(j: Journey, start: number, end: number, options: SupervisionOptions): void {
  j.linkIdentifier('crn', start + j.rng.between(10, 17) * HOUR, 'ndelius');
  const assessedAt = start + j.rng.int(3, 21) * DAY;
  if (assessedAt >= end) return;
  const needs = assessNeedsAndRisk(j, assessedAt);
  const pathways = pathwaysFor(needs, options.requirements).slice(0, j.rng.int(1, 3));
  for (const pathway of pathways) {
    const referredAt = assessedAt + j.rng.int(3, 42) * DAY;
    if (referredAt < end) referToIntervention(j, referredAt, pathway);
  }
  const breachPropensity = j.person.role === 'occasional' ? 0.1 : 0.3;
  if (options.order === 'community-order' && end - start > 60 * DAY && j.rng.chance(breachPropensity)) {
    j.add(
      'breach.recorded',
      j.rng.between(start + 30 * DAY, end),
      { order: 'community-order', outcome: j.rng.pick(COMMUNITY_BREACH_OUTCOMES) },
      { system: 'ndelius' },
    );
  }
}
