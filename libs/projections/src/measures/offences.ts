import type { ResolvedEvent } from './resolve-history';
import { CAUTION_TYPES, type DisposalOutOfCourtData, type WithOffences } from './event-data';
import { londonDate } from './london-dates';

/** An offence proven by a conviction or a caution (domain.md "Offences"). */
export interface ProvenOffence {
  offenceId: string;
  /** As stated in the event that proved it. */
  offenceDate: string;
  /** London date of the proving event. */
  provenOn: string;
}

/** A conviction, or an out-of-court disposal of a caution type; community resolutions and penalty notices do not prove. */
export function isProvingEvent(event: ResolvedEvent): boolean {
  if (event.type === 'conviction.recorded') return true;
  return event.type === 'disposal.out-of-court' && CAUTION_TYPES.has((event.data as unknown as DisposalOutOfCourtData).disposalType);
}

/**
 * One person's proven offences by offenceId, each from the FIRST event that proved it.
 * `personEvents` must be in chronological order (as `groupByPerson` / `chronological` give them),
 * so that "first" means first to happen, not first to be recorded.
 */
export function provenOffences(personEvents: ResolvedEvent[]): Map<string, ProvenOffence> {
  const proven = new Map<string, ProvenOffence>();
  for (const event of personEvents) {
    if (!isProvingEvent(event)) continue;
    for (const offence of (event.data as WithOffences).offences ?? []) {
      if (proven.has(offence.offenceId)) continue;
      proven.set(offence.offenceId, {
        offenceId: offence.offenceId,
        offenceDate: londonDate(offence.offenceDate),
        provenOn: event.occurredDate,
      });
    }
  }
  return proven;
}
