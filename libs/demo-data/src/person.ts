import type { NewEvent } from '@ledger/domain/envelope';
import { OFFENCE_MIX } from './calibration';
import { offendingEpisode, type OffencePlan } from './court';
import { correctAnEarlierEvent, duplicateRecord, retractAnErroneousEvent } from './data-quality';
import { manageUnderIom } from './iom';
import { Journey } from './journey';
import type { OffenceCategory } from './offences';
import { drawProfile, type PopulationContext } from './person-profile';
import { manageUnderMappa, type MappaPlan } from './public-protection';
import { Random } from './random';
import { recordJourney } from './recording';
import { DAY, startOfDay, toDate } from './time';

/** Mean days between offending episodes once free (assumption; IOM nominals are the most prolific). */
const MEAN_GAP_DAYS = { occasional: 1400, repeat: 260, iom: 75, mappa: 1000 } as const;
const MAX_EPISODES = 80;
const SERIOUS_SHARE: Partial<Record<OffenceCategory, number>> = { violence: 0.12, burglary: 0.3, robbery: 1, drugs: 0.1, weapons: 0.1 };

/**
 * One person's streams, each in recording order: their own, then (rarely) a duplicate record of
 * them that is merged into theirs. Everything about person `index` depends only on the seed and
 * the index, so any person can be regenerated alone.
 */
export function generatePerson(index: number, context: PopulationContext): NewEvent[][] {
  const rng = Random.from(context.seed, 'person', index);
  const { profile, area } = drawProfile(index, rng, context);
  const j = new Journey(rng, profile, area, context.until);

  j.add(
    'person.registered',
    profile.firstContactMs,
    {
      identifiers: [
        { type: 'pnc', value: profile.identifiers.pnc },
        { type: 'force', value: profile.identifiers.force },
      ],
      dateOfBirth: toDate(profile.dateOfBirthMs),
      gender: profile.gender,
      name: profile.name,
    },
    { system: 'pnc', reference: profile.identifiers.pnc },
  );
  let at = profile.firstContactMs;
  for (let episode = 0; at < context.until && episode < MAX_EPISODES; episode++) {
    const freeAt = offendingEpisode(j, at, planFor(j, episode));
    at = freeAt + rng.exponential(meanGapDays(j, freeAt)) * DAY;
  }
  if (profile.iom) manageUnderIom(j, profile.iom);
  const showcase = profile.showcase === 'data-quality';
  if (showcase || rng.chance(0.04)) correctAnEarlierEvent(j);
  if (showcase || rng.chance(0.02)) retractAnErroneousEvent(j);
  const duplicate = showcase || rng.chance(0.02) ? duplicateRecord(j) : undefined;
  return duplicate ? [recordJourney(j), recordJourney(duplicate)] : [recordJourney(j)];
}

function meanGapDays(j: Journey, at: number): number {
  const { role, iom } = j.person;
  const desistance = 1 + Math.max(0, j.ageAt(at) - 30) * 0.06;
  const afterAdoption = iom && at >= iom.adoptedAt ? 1 / iom.postAdoptionRateFactor : 1;
  return MEAN_GAP_DAYS[role] * desistance * afterAdoption;
}

function planFor(j: Journey, episode: number): OffencePlan {
  const { mappa, showcase } = j.person;
  if (episode === 0 && mappa) return mappaIndexOffence(j, mappa);
  const category = j.rng.weighted(OFFENCE_MIX[j.person.offenceMix]);
  const plan: OffencePlan = { category, serious: j.rng.chance(SERIOUS_SHARE[category] ?? 0) };
  if (episode === 0 && showcase === 'licence-recall') {
    return { ...plan, convict: true, sentence: { sentenceType: 'custody', minDays: 182 }, forceLicenceVariationAndRecall: true };
  }
  if (episode === 0 && showcase === 'restorative-justice') {
    return { category: 'theft', serious: false, convict: true, sentence: { sentenceType: 'community-order' }, forceRestorativeJustice: true };
  }
  return plan;
}

/**
 * The offence that makes the person MAPPA-eligible, and the registration that follows: category 1
 * on conviction for a sexual offence (notification starts), category 2 on a sentence of 12 months
 * or more (or a hospital order) for violence, category 3 once the risk is recognised after
 * sentence, category 4 on sentence for a terrorist offence.
 */
function mappaIndexOffence(j: Journey, mappa: MappaPlan): OffencePlan {
  const register = (registeredAt: number): void => manageUnderMappa(j, startOfDay(registeredAt), mappa);
  switch (mappa.cell.category) {
    case 1:
      return { category: 'sexual', serious: j.rng.chance(0.6), convict: true, onSentenced: (s) => register(s.hearingAt) };
    case 2:
      return {
        category: j.rng.chance(0.8) ? 'violence' : 'robbery',
        serious: true,
        convict: true,
        sentence: j.rng.chance(0.03) ? { sentenceType: 'hospital-order' } : { sentenceType: 'custody', minDays: 456 },
        onSentenced: (s) => register(s.hearingAt),
      };
    case 3:
      return {
        category: j.rng.chance(0.7) ? 'violence' : 'other',
        serious: false,
        convict: true,
        onSentenced: (s) => register(Math.max(s.hearingAt + j.rng.int(30, 120) * DAY, s.freeAt - 60 * DAY)),
      };
    case 4:
      return {
        category: 'other',
        serious: true,
        convict: true,
        sentence: { sentenceType: 'custody', minDays: 730 },
        onSentenced: (s) => register(s.hearingAt),
      };
  }
}
