import type { Draft, Journey } from './journey';
import { offenceKindsIn, type OffenceCategory } from './offences';
import { DAY, HOUR, toDate } from './time';

export interface OffenceRecord {
  offenceId: string;
  offenceDate: string;
  category: OffenceCategory;
  description: string;
}

/**
 * The offences behind one arrest: usually one, sometimes two or three (the second and third of the
 * same category or incidental: public order, breach). Committed up to a month before the arrest.
 */
export function drawOffences(j: Journey, arrestAt: number, category: OffenceCategory, serious: boolean): OffenceRecord[] {
  const count = j.rng.weighted([[1, 0.7], [2, 0.2], [3, 0.1]] as const);
  const committedAt = arrestAt - j.rng.int(0, 30) * DAY;
  const offences = [offence(j, committedAt, category, serious)];
  for (let n = 1; n < count; n++) {
    const extra = j.rng.weighted<OffenceCategory>([[category, 0.6], ['public-order', 0.25], ['breach', 0.15]]);
    offences.push(offence(j, committedAt, extra, false));
  }
  return offences;
}

function offence(j: Journey, committedAt: number, category: OffenceCategory, serious: boolean): OffenceRecord {
  const candidates = offenceKindsIn(category, serious);
  const kind = j.rng.pick(candidates.length > 0 ? candidates : offenceKindsIn(category));
  return { offenceId: j.newId('OFF'), offenceDate: toDate(committedAt), category, description: kind.description };
}

export function recordArrest(j: Journey, arrestAt: number, offences: readonly OffenceRecord[]): Draft {
  const arrestId = j.newId('ARR');
  return j.add('arrest.recorded', arrestAt, { arrestId, force: j.area.force, offences }, { system: 'pnc', reference: arrestId });
}

/** Charged a few hours after arrest; returns when. */
export function recordCharge(j: Journey, arrestAt: number, offences: readonly OffenceRecord[]): number {
  const chargedAt = arrestAt + j.rng.between(2, 20) * HOUR;
  j.add('charge.recorded', chargedAt, { offenceIds: offences.map((o) => o.offenceId) }, { system: 'pnc' });
  return chargedAt;
}

export interface CourtResult {
  convictionId: string;
  sentenceId: string;
}

export interface SentenceTerms {
  sentenceType: string;
  lengthDays?: number;
  requirements?: readonly string[];
}

/**
 * Conviction and sentence at the same hearing (a calendar date). A late result is keyed on the PNC
 * months after the hearing, both events arriving together.
 */
export function recordCourtResult(
  j: Journey,
  hearingAt: number,
  court: string,
  offences: readonly OffenceRecord[],
  terms: SentenceTerms,
  lateByMs?: number,
): CourtResult {
  const convictionId = j.newId('CON');
  const sentenceId = j.newId('SEN');
  const late = lateByMs !== undefined;
  j.add('conviction.recorded', hearingAt, { convictionId, court, offences }, {
    system: 'pnc',
    reference: convictionId,
    dateOnly: true,
    late,
    lagMs: lateByMs,
  });
  j.add('sentence.imposed', hearingAt, { sentenceId, convictionId, ...terms }, {
    system: 'court',
    reference: sentenceId,
    dateOnly: true,
    late,
    lagMs: late ? lateByMs + 60_000 : undefined,
  });
  j.linkIdentifier('cro', hearingAt + j.rng.between(12, 36) * HOUR, 'pnc');
  j.convictions++;
  return { convictionId, sentenceId };
}
