import { addDays, addMonths } from '@ledger/domain/time/london';
import { groupByPerson, iomCohortProgress, isProvingEvent, provenOffences, type ResolvedEvent } from '@ledger/projections';

/**
 * The month-by-month picture behind a cohort's two-year reduction: for each month before and
 * after adoption (month 0 starts on each member's own adoption date), how many arrests and proven
 * offences fell in it, summed over the members. It counts exactly what iomCohortProgress counts
 * (same members, windows and proven-by date), so the bars add up to the cohort's PRE and POST.
 */

export interface MonthBucket {
  /** Months from adoption: -1 is the month just before it, 0 the month starting on it. */
  offset: number;
  arrests: number;
  provenOffences: number;
  /** Members whose tracking window covers at least part of this month. */
  membersTracked: number;
}

export interface CohortAdoption {
  personId: string;
  adoptedOn: string;
  cohortType: string;
  reason: string;
  /** Adopted by a rule (e.g. MAPPA level 2/3 category 2/3 in Warwickshire), as the reason says. */
  automatic: boolean;
}

export interface CohortMonthly {
  cohortId: string;
  at: string;
  months: MonthBucket[];
  adoptions: CohortAdoption[];
}

/**
 * Whether the adoption was made by a rule rather than a panel decision. The catalogue has no
 * field for it, so the reason text decides: rule-made adoptions say "automatic" in their reason.
 */
export function isAutomaticAdoption(reason: string): boolean {
  return /\bautomatic(ally)?\b/i.test(reason);
}

/** The month (counted from `adoptedOn`, same day of the month) that `date` falls in. */
export function monthOffset(adoptedOn: string, date: string): number {
  const [adoptedYear, adoptedMonth] = adoptedOn.split('-').map(Number);
  const [year, month] = date.split('-').map(Number);
  let offset = (year - adoptedYear) * 12 + (month - adoptedMonth);
  if (addMonths(adoptedOn, offset) > date) offset -= 1;
  return offset;
}

export function cohortMonthlyOffending(resolved: ResolvedEvent[], cohortId: string, at: string, opts: { area?: string } = {}): CohortMonthly | null {
  const progress = iomCohortProgress(resolved, cohortId, at, opts);
  if (!progress) return null;
  const members = new Map(progress.members.map((member) => [member.personId, member]));
  const isRelevant = (event: ResolvedEvent) =>
    members.has(event.personId) && (event.type === 'arrest.recorded' || isProvingEvent(event) || (event.type === 'iom.adopted' && event.data.cohortId === cohortId));

  const buckets = new Map<number, MonthBucket>();
  const bucket = (offset: number) => {
    let found = buckets.get(offset);
    if (!found) buckets.set(offset, (found = { offset, arrests: 0, provenOffences: 0, membersTracked: 0 }));
    return found;
  };
  const adoptions: CohortAdoption[] = [];

  for (const [personId, events] of groupByPerson(resolved, isRelevant)) {
    const { adoptedOn, windowDays } = members.get(personId)!;
    const adoption = events.find((event) => event.type === 'iom.adopted')!;
    const reason = String(adoption.data.reason ?? '');
    adoptions.push({ personId, adoptedOn, cohortType: String(adoption.data.cohortType ?? ''), reason, automatic: isAutomaticAdoption(reason) });
    if (windowDays === 0) continue;

    const preStart = addDays(adoptedOn, -windowDays);
    const postEnd = addDays(adoptedOn, windowDays);
    const inWindow = (date: string) => date >= preStart && date < postEnd;
    for (let offset = monthOffset(adoptedOn, preStart); offset <= monthOffset(adoptedOn, addDays(postEnd, -1)); offset += 1) bucket(offset).membersTracked += 1;
    for (const event of events) {
      if (event.type === 'arrest.recorded' && inWindow(event.occurredDate)) bucket(monthOffset(adoptedOn, event.occurredDate)).arrests += 1;
    }
    for (const offence of provenOffences(events).values()) {
      if (offence.provenOn <= at && inWindow(offence.offenceDate)) bucket(monthOffset(adoptedOn, offence.offenceDate)).provenOffences += 1;
    }
  }

  adoptions.sort((a, b) => a.adoptedOn.localeCompare(b.adoptedOn) || a.personId.localeCompare(b.personId));
  return { cohortId, at, months: [...buckets.values()].sort((a, b) => a.offset - b.offset), adoptions };
}
