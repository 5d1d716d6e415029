import { ADULT_SENTENCE_MIX, NO_FURTHER_ACTION_RATE, OUT_OF_COURT_RATE_FIRST_TIME, OUT_OF_COURT_RATE_REPEAT, YOUTH_SENTENCE_MIX } from './calibration';
import { serveCustodialSentence } from './custody';
import type { Journey } from './journey';
import { drawOffences, recordArrest, recordCharge, recordCourtResult, type OffenceRecord, type SentenceTerms } from './offence-records';
import type { OffenceCategory } from './offences';
import { offerRestorativeJustice } from './restorative-justice';
import { supervise } from './supervision';
import { DAY, HOUR, startOfDay, weekdayOnOrAfter } from './time';

export interface OffencePlan {
  category: OffenceCategory;
  serious: boolean;
  /** The case goes to court and ends in conviction (the index offence of a MAPPA case). */
  convict?: boolean;
  /** A sentence the case must end in, e.g. 12 months' custody or more for MAPPA category 2. */
  sentence?: { sentenceType: string; minDays?: number };
  /** Showcase features that must appear: licence variation and recall, RJ conference. */
  forceLicenceVariationAndRecall?: boolean;
  forceRestorativeJustice?: boolean;
  onSentenced?: (sentence: SentenceOutcome) => void;
}

export interface SentenceOutcome {
  hearingAt: number;
  /** When the person is back in the community (after release, or at once). */
  freeAt: number;
}

const REQUIREMENT_RATES: ReadonlyArray<readonly [string, (needs: readonly string[]) => number]> = [
  ['unpaid-work', () => 0.5],
  ['rehabilitation-activity', () => 0.6],
  ['drug-rehabilitation', (needs) => (needs.includes('drugs') ? 0.5 : 0)],
  ['alcohol-treatment', (needs) => (needs.includes('alcohol') ? 0.3 : 0)],
  ['alcohol-abstinence-monitoring', (needs) => (needs.includes('alcohol') ? 0.1 : 0)],
  ['curfew', () => 0.15],
  ['programme', (needs) => (needs.includes('thinking-behaviour') ? 0.2 : 0.05)],
  ['mental-health-treatment', (needs) => (needs.includes('emotional-wellbeing') ? 0.08 : 0)],
  ['residence', () => 0.05],
  ['exclusion', () => 0.05],
];

const OUT_OF_COURT_ADULT = [['caution', 0.35], ['conditional-caution', 0.25], ['community-resolution', 0.3], ['penalty-notice', 0.1]] as const;
const OUT_OF_COURT_YOUTH = [['youth-caution', 0.4], ['youth-conditional-caution', 0.25], ['community-resolution', 0.35]] as const;

/**
 * One offending episode from arrest to its end: no further action, an out-of-court disposal, or
 * charge and court (with remand, conviction, sentence and whatever the sentence brings).
 * Returns when the person is next free to offend.
 */
export function offendingEpisode(j: Journey, arrestAt: number, plan: OffencePlan): number {
  const offences = drawOffences(j, arrestAt, plan.category, plan.serious);
  recordArrest(j, arrestAt, offences);
  if (!plan.convict) {
    if (j.rng.chance(NO_FURTHER_ACTION_RATE)) return arrestAt + HOUR;
    const outOfCourtRate = j.convictions === 0 ? OUT_OF_COURT_RATE_FIRST_TIME : OUT_OF_COURT_RATE_REPEAT;
    if (!plan.serious && j.rng.chance(outOfCourtRate)) return disposeOutOfCourt(j, arrestAt, offences);
  }
  return prosecute(j, arrestAt, offences, plan);
}

function disposeOutOfCourt(j: Journey, arrestAt: number, offences: readonly OffenceRecord[]): number {
  const disposalId = j.newId('OOCD');
  const disposalType = j.rng.weighted(j.ageAt(arrestAt) < 18 ? OUT_OF_COURT_YOUTH : OUT_OF_COURT_ADULT);
  const disposedAt = arrestAt + (disposalType === 'community-resolution' ? j.rng.between(1, 6) * HOUR : j.rng.between(1, 14) * DAY);
  j.add('disposal.out-of-court', disposedAt, { disposalId, disposalType, offences }, { system: 'pnc', reference: disposalId });
  return disposedAt;
}

function prosecute(j: Journey, arrestAt: number, offences: OffenceRecord[], plan: OffencePlan): number {
  const chargedAt = recordCharge(j, arrestAt, offences);
  const remandRate = (plan.serious ? 0.4 : 0.05) + (j.convictions > 5 ? 0.1 : 0);
  let remandedSince: number | undefined;
  if (j.rng.chance(remandRate)) {
    remandedSince = chargedAt + j.rng.between(14, 30) * HOUR;
    const establishment = j.person.gender === 'female' ? j.area.womensPrison : j.area.localPrison;
    j.add('custody.received', remandedSince, { reason: 'remand', establishment }, { system: 'nomis' });
    j.linkIdentifier('noms', remandedSince, 'nomis');
  }
  const crownCourt = plan.serious || (plan.sentence?.minDays ?? 0) >= 365;
  const waitDays = crownCourt ? j.rng.int(60, 240) : j.rng.int(14, 90);
  const hearingAt = weekdayOnOrAfter(startOfDay(chargedAt + waitDays * DAY));
  const endRemand = (): void => {
    if (remandedSince === undefined) return;
    const establishment = j.person.gender === 'female' ? j.area.womensPrison : j.area.localPrison;
    j.add('custody.released', hearingAt + 17 * HOUR, { releaseType: 'remand-ended', establishment }, { system: 'nomis' });
  };
  // Acquitted or discontinued.
  if (!plan.convict && j.rng.chance(0.06)) {
    endRemand();
    return hearingAt + 17 * HOUR;
  }

  const youth = j.ageAt(hearingAt) < 18;
  const court = youth ? j.area.youthCourt : j.rng.pick(crownCourt ? j.area.crownCourts : j.area.magistratesCourts);
  // Sometimes a charge is dropped and only the rest is proven.
  const proven = offences.length > 1 && j.rng.chance(0.2) ? offences.slice(0, -1) : offences;
  const terms = chooseSentence(j, hearingAt, plan, proven);
  const custodial = terms.sentenceType === 'custody';
  // A late PNC result: only non-custodial outcomes, so nothing downstream waits on the record.
  const lateByMs = !custodial && !plan.convict && j.rng.chance(0.12) ? j.rng.int(30, 180) * DAY + j.rng.between(9, 17) * HOUR : undefined;
  const { sentenceId } = recordCourtResult(j, hearingAt, court, proven, terms, lateByMs);

  let freeAt: number;
  if (custodial) {
    freeAt = serveCustodialSentence(j, {
      sentenceId,
      sentencedAt: hearingAt,
      lengthDays: terms.lengthDays ?? 0,
      remandedSince,
      forceVariationAndRecall: plan.forceLicenceVariationAndRecall,
    });
  } else {
    endRemand();
    freeAt = hearingAt + 17 * HOUR;
    if (['community-order', 'suspended', 'youth-rehabilitation-order'].includes(terms.sentenceType)) {
      const supervisionDays = terms.sentenceType === 'suspended' ? j.rng.int(365, 730) : terms.lengthDays ?? 365;
      supervise(j, hearingAt, hearingAt + supervisionDays * DAY, {
        order: 'community-order',
        requirements: terms.requirements,
      });
    } else if (terms.sentenceType === 'hospital-order') {
      freeAt = hearingAt + j.rng.int(365, 1095) * DAY;
    }
  }
  offerRestorativeJustice(j, hearingAt, proven, plan.forceRestorativeJustice ?? false);
  plan.onSentenced?.({ hearingAt, freeAt });
  return freeAt;
}

/**
 * The sentence: the base mix for adults or children, shifted towards custody by seriousness and a
 * long record, towards fines for motoring and public order.
 */
function chooseSentence(j: Journey, hearingAt: number, plan: OffencePlan, offences: readonly OffenceRecord[]): SentenceTerms {
  const youth = j.ageAt(hearingAt) < 18;
  const sentenceType =
    plan.sentence?.sentenceType ??
    j.rng.weighted(
      (youth ? YOUTH_SENTENCE_MIX : ADULT_SENTENCE_MIX).map(([type, weight]) => {
        let adjusted = weight;
        if (type === 'custody') adjusted *= (1 + 0.35 * Math.min(j.convictions, 10)) * (plan.serious ? 4 : 1);
        if (plan.serious && (type === 'fine' || type.endsWith('discharge'))) adjusted *= 0.1;
        if (type === 'fine' && offences.some((o) => o.category === 'motoring' || o.category === 'public-order')) adjusted *= 2;
        return [type, adjusted] as const;
      }),
    );
  switch (sentenceType) {
    case 'custody': {
      const lengths = youth
        ? [120, 182, 240, 365, 730]
        : plan.serious
          ? [456, 548, 730, 1095, 1460, 1825, 2190, 2920, 3650]
          : [14, 28, 42, 56, 84, 112, 126, 168, 182, 252, 365];
      const eligible = lengths.filter((days) => days >= (plan.sentence?.minDays ?? 0));
      return { sentenceType, lengthDays: j.rng.pick(eligible.length > 0 ? eligible : lengths) };
    }
    case 'community-order':
    case 'youth-rehabilitation-order':
      return { sentenceType, lengthDays: j.rng.int(6, 36) * 30, requirements: chooseRequirements(j, youth) };
    case 'suspended':
      return { sentenceType, lengthDays: j.rng.int(2, 24) * 30, requirements: chooseRequirements(j, youth) };
    case 'conditional-discharge':
      return { sentenceType, lengthDays: j.rng.pick([365, 730, 1095]) };
    default:
      return { sentenceType };
  }
}

function chooseRequirements(j: Journey, youth: boolean): string[] {
  const chosen = REQUIREMENT_RATES.filter(
    ([requirement, rate]) => !(youth && requirement === 'unpaid-work') && j.rng.chance(rate(j.person.needs)),
  ).map(([requirement]) => requirement);
  return chosen.length > 0 ? chosen : ['rehabilitation-activity'];
}
