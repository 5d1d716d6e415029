import type { Journey } from './journey';
import { drawOffences, recordArrest, recordCharge, recordCourtResult } from './offence-records';
import { supervise } from './supervision';
import { DAY, HOUR, startOfDay, toDate, weekdayOnOrAfter } from './time';

const STANDARD_CONDITIONS = { code: 'STANDARD', description: 'Standard licence conditions' };
const ADDITIONAL_CONDITIONS = [
  { code: 'RESIDENCE', description: 'Reside at an address approved by the probation practitioner' },
  { code: 'NON-CONTACT', description: 'No contact with the victim' },
  { code: 'EXCLUSION-ZONE', description: 'Not to enter the exclusion zone shown on the map' },
  { code: 'DRUG-TESTING', description: 'Attend for drug testing' },
  { code: 'APPOINTMENTS', description: 'Attend appointments with the substance misuse service' },
  { code: 'NON-ASSOCIATION', description: 'Not to associate with named individuals' },
];
const CURFEW_CONDITION = { code: 'CURFEW', description: 'Electronically monitored curfew (home detention curfew)' };

const RECALL_REASONS = [
  ['breach-of-conditions', 0.45],
  ['further-offence', 0.25],
  ['risk-escalation', 0.15],
  ['failure-to-reside', 0.1],
  ['other', 0.05],
] as const;

export interface CustodialSentence {
  sentenceId: string;
  sentencedAt: number;
  lengthDays: number;
  /** When the person has been held on remand since, which counts towards the sentence. */
  remandedSince?: number;
  /** Showcase: make sure this licence is varied and ends in recall. */
  forceVariationAndRecall?: boolean;
}

/** The establishment that holds this person: youth, women's, training or local prison. */
function establishmentFor(j: Journey, at: number, lengthDays: number): string {
  if (j.ageAt(at) < 18) return j.area.youthEstablishment;
  if (j.person.gender === 'female') return j.area.womensPrison;
  return lengthDays >= 365 ? j.rng.pick(j.area.trainingPrisons) : j.area.localPrison;
}

/**
 * A custodial sentence served: reception, automatic release at the halfway point (earlier on home
 * detention curfew), licence to the sentence end, and perhaps a licence variation and a recall.
 * Returns when the person is next free in the community.
 */
export function serveCustodialSentence(j: Journey, sentence: CustodialSentence): number {
  const { sentencedAt, lengthDays } = sentence;
  const establishment = establishmentFor(j, sentencedAt, lengthDays);
  const receivedAt = sentencedAt + j.rng.between(14, 19) * HOUR;
  j.add('custody.received', receivedAt, { reason: 'sentence', establishment }, { system: 'nomis' });
  j.linkIdentifier('noms', sentence.remandedSince ?? receivedAt, 'nomis');

  const sentenceEnd = startOfDay(sentencedAt + lengthDays * DAY);
  const automaticRelease = startOfDay((sentence.remandedSince ?? receivedAt) + (lengthDays / 2) * DAY) + 9 * HOUR;
  const releaseAt = Math.max(automaticRelease, startOfDay(receivedAt) + DAY + 9 * HOUR);
  if (releaseAt >= sentenceEnd) {
    j.add('custody.released', releaseAt, { releaseType: 'end-of-sentence', establishment }, { system: 'nomis' });
    return releaseAt;
  }
  const hdcAt = releaseAt - Math.min(135, lengthDays / 4) * DAY;
  const onHdc = j.ageAt(sentencedAt) >= 18 && lengthDays >= 84 && lengthDays <= 1460 && hdcAt > receivedAt + 14 * DAY && j.rng.chance(0.3);
  const releasedAt = onHdc ? hdcAt : releaseAt;
  j.add(
    'custody.released',
    releasedAt,
    { releaseType: onHdc ? 'home-detention-curfew' : 'licence', establishment },
    { system: 'nomis' },
  );

  const conditions = [STANDARD_CONDITIONS, ...j.rng.sample(ADDITIONAL_CONDITIONS, j.rng.int(0, 3))];
  if (onHdc) conditions.push(CURFEW_CONDITION);
  const licenceId = startLicence(j, releasedAt, sentence.sentenceId, sentenceEnd, conditions);
  supervise(j, releasedAt, sentenceEnd, { order: 'licence' });

  const recallPropensity = j.person.role === 'occasional' ? 0.08 : 0.3;
  const recallAt =
    sentenceEnd - releasedAt > 45 * DAY && (sentence.forceVariationAndRecall || j.rng.chance(recallPropensity))
      ? j.rng.between(releasedAt + 21 * DAY, releasedAt + Math.min(sentenceEnd - releasedAt - 14 * DAY, 540 * DAY))
      : undefined;
  const varyBy = (recallAt ?? sentenceEnd) - 7 * DAY;
  if (varyBy > releasedAt + 14 * DAY && (sentence.forceVariationAndRecall || j.rng.chance(0.12))) {
    const varied = [...conditions, j.rng.pick(ADDITIONAL_CONDITIONS)].filter(
      (condition, n, all) => all.findIndex((other) => other.code === condition.code) === n,
    );
    j.add('licence.varied', j.rng.between(releasedAt + 14 * DAY, varyBy), { licenceId, conditions: varied }, {
      system: 'ndelius',
      dateOnly: true,
    });
  }
  if (recallAt === undefined) {
    j.add('licence.ended', sentenceEnd, { licenceId, reason: 'expired' }, { system: 'ndelius', dateOnly: true });
    return releasedAt;
  }
  return recall(j, {
    licenceId,
    sentenceId: sentence.sentenceId,
    recallAt,
    sentenceEnd,
    hdcUntil: onHdc ? releaseAt : undefined,
    shortSentence: lengthDays < 365,
    establishment,
    conditions,
  });
}

function startLicence(
  j: Journey,
  startedAt: number,
  sentenceId: string,
  expiresAt: number,
  conditions: ReadonlyArray<{ code: string; description: string }>,
): string {
  const licenceId = j.newId('LIC');
  j.add(
    'licence.started',
    startedAt + 5 * 60_000,
    { licenceId, sentenceId, expiresOn: toDate(expiresAt), conditions },
    { system: 'ndelius', reference: licenceId },
  );
  return licenceId;
}

interface RecallContext {
  licenceId: string;
  sentenceId: string;
  recallAt: number;
  sentenceEnd: number;
  /** The automatic release date while the person is on home detention curfew. */
  hdcUntil?: number;
  shortSentence: boolean;
  establishment: string;
  conditions: ReadonlyArray<{ code: string; description: string }>;
}

/**
 * Recall to custody: the licence is revoked, the person returned (sometimes after weeks unlawfully
 * at large), then re-released on a new licence or at the end of the sentence. A recall for a
 * further offence brings the arrest, charge and a concurrent sentence with it.
 */
function recall(j: Journey, context: RecallContext): number {
  const { recallAt, sentenceEnd } = context;
  const reason = j.rng.weighted(RECALL_REASONS);
  const recallType =
    context.hdcUntil !== undefined && recallAt < context.hdcUntil
      ? 'hdc'
      : context.shortSentence
        ? 'fixed-term-14'
        : j.rng.weighted([['fixed-term-28', 0.5], ['standard', 0.5]] as const);

  if (reason === 'breach-of-conditions') {
    j.add('breach.recorded', recallAt - j.rng.int(1, 10) * DAY, { order: 'licence', outcome: 'Recall requested' }, { system: 'ndelius' });
  }
  let furtherOffence: { offences: ReturnType<typeof drawOffences>; arrestAt: number } | undefined;
  if (reason === 'further-offence') {
    const arrestAt = recallAt - j.rng.between(6, 30) * HOUR;
    const offences = drawOffences(j, arrestAt, j.rng.pick(['theft', 'violence', 'drugs', 'public-order'] as const), false);
    recordArrest(j, arrestAt, offences);
    recordCharge(j, arrestAt, offences);
    furtherOffence = { offences, arrestAt };
  }
  j.add('recall.initiated', recallAt, { recallType, reason }, { system: 'ndelius' });
  j.add('licence.ended', recallAt + HOUR, { licenceId: context.licenceId, reason: 'revoked' }, { system: 'ndelius' });
  const unlawfullyAtLarge = !furtherOffence && j.rng.chance(0.1);
  const returnedAt = recallAt + (unlawfullyAtLarge ? j.rng.int(5, 60) * DAY : j.rng.between(2, 40) * HOUR);
  j.add('custody.received', returnedAt, { reason: 'recall', establishment: j.area.localPrison }, { system: 'nomis' });

  let releaseAt =
    recallType === 'fixed-term-14'
      ? returnedAt + 14 * DAY
      : recallType === 'fixed-term-28'
        ? returnedAt + 28 * DAY
        : recallType === 'hdc'
          ? Math.max(returnedAt + DAY, context.hdcUntil ?? returnedAt)
          : j.rng.chance(0.6)
            ? returnedAt + j.rng.int(90, 365) * DAY
            : sentenceEnd;
  let licenceEnd = sentenceEnd;
  if (furtherOffence) {
    // Sentenced while back in custody: a concurrent term that may push release and licence end out.
    const hearingAt = weekdayOnOrAfter(startOfDay(returnedAt + j.rng.int(40, 120) * DAY));
    const lengthDays = j.rng.pick([56, 84, 126, 182, 252]);
    recordCourtResult(j, hearingAt, j.rng.pick(j.area.magistratesCourts), furtherOffence.offences, {
      sentenceType: 'custody',
      lengthDays,
    });
    releaseAt = Math.max(releaseAt, hearingAt + (lengthDays / 2) * DAY + 9 * HOUR);
    licenceEnd = Math.max(sentenceEnd, hearingAt + lengthDays * DAY);
  }
  releaseAt = startOfDay(releaseAt) + 9 * HOUR;
  if (releaseAt >= licenceEnd) {
    j.add('custody.released', licenceEnd + 9 * HOUR, { releaseType: 'end-of-sentence', establishment: j.area.localPrison }, { system: 'nomis' });
    return licenceEnd + 9 * HOUR;
  }
  j.add('custody.released', releaseAt, { releaseType: 'licence', establishment: j.area.localPrison }, { system: 'nomis' });
  const licenceId = startLicence(j, releaseAt, context.sentenceId, licenceEnd, context.conditions);
  j.add('licence.ended', licenceEnd, { licenceId, reason: 'expired' }, { system: 'ndelius', dateOnly: true });
  return releaseAt;
}
