import type { Journey } from './journey';
import { VICTIM_CATEGORIES, type OffenceCategory } from './offences';
import { DAY } from './time';

const OUTCOME_AGREEMENTS = [
  'Letter of apology to the victim',
  "Repair the damage to the victim's property",
  'Pay £150 compensation and attend alcohol awareness sessions',
  'Twenty hours of voluntary work with a charity chosen by the victim',
  "No contact with the victim's family; attend a victim awareness course",
];

export interface ConvictedOffence {
  offenceId: string;
  category: OffenceCategory;
}

/**
 * Restorative justice after a conviction for an offence with a victim (Offender Rehabilitation Act
 * 2014 s.15): a referral; if the victim freely consents, a conference with the offender, one or
 * more victims and a facilitator (never without both parties); then the agreed outcome completed.
 */
export function offerRestorativeJustice(j: Journey, convictedAt: number, offences: readonly ConvictedOffence[], forced: boolean): void {
  const withVictim = offences.filter((offence) => VICTIM_CATEGORIES.has(offence.category));
  const referralRate = j.ageAt(convictedAt) < 18 ? 0.15 : 0.07;
  if (withVictim.length === 0 || !(forced || j.rng.chance(referralRate))) return;

  const rjCaseId = j.newId('RJ');
  const options = { system: 'rj-service', reference: rjCaseId, dateOnly: true } as const;
  const referredAt = convictedAt + j.rng.int(14, 60) * DAY;
  j.add('rj.referred', referredAt, { rjCaseId, offenceIds: withVictim.map((offence) => offence.offenceId) }, options);
  // Victim participation is voluntary: many referrals end here.
  if (!(forced || j.rng.chance(0.55))) return;

  const participants = [{ role: 'facilitator' }, { role: 'offender' }, { role: 'victim' }];
  if (j.rng.chance(0.15)) participants.push({ role: 'victim' });
  if (j.rng.chance(0.5)) participants.push({ role: 'victim-supporter' });
  if (j.rng.chance(0.4)) participants.push({ role: 'offender-supporter' });
  const heldAt = referredAt + j.rng.int(28, 120) * DAY;
  j.add('rj.conference.held', heldAt, { rjCaseId, participants, outcomeAgreement: j.rng.pick(OUTCOME_AGREEMENTS) }, options);
  if (forced || j.rng.chance(0.8)) j.add('rj.outcome-completed', heldAt + j.rng.int(28, 90) * DAY, { rjCaseId }, options);
}
