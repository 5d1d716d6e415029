import { createHash } from 'node:crypto';
import type { PoolClient } from 'pg';
import { EVENT_TYPES } from '@ledger/domain/catalogue';
import type { NewEvent, StoredEvent } from '@ledger/domain/envelope';
import { validateNewEvent } from '@ledger/domain/validation/validate-event';
import type { EventStore } from '@ledger/event-store';
import { instantMicros } from '@ledger/domain/time/instant';
import type { Projection } from '../runner/projection';
import { mappaStatusAt, MappaStatus, resolveHistory, ResolvedEvent } from '../measures';

const MAPPA_TYPES = new Set(['mappa.registered', 'mappa.level-changed', 'mappa.category-changed', 'mappa.reviewed']);
/**
 * What the decision reads of a stream: the MAPPA history (deregistration included), cohort
 * membership, and what rewrites either (corrections, retractions, merges). Reading only these
 * spares a rebuild the parsing of every other event of each trigger's stream.
 */
const DECISION_TYPES = [
  ...EVENT_TYPES.filter((type) => type.startsWith('mappa.')),
  'iom.adopted',
  'iom.deselected',
  'record.corrected',
  'record.retracted',
  'person.merged',
];
export const AUTO_ADOPTION_RECORDER = 'policy:iom-auto-adoption';
/** The policy's name, which keys its checkpoint. */
export const IOM_AUTO_ADOPTION = 'iom-auto-adoption';

/** The IOM cohort an area's automatic adoptions go to. */
export function autoAdoptionCohort(area: string): string {
  return `${area}-iom-mappa`;
}

/**
 * Warwickshire's rule (seed 004): relevant violent (category 2) and other dangerous (category 3)
 * offenders managed at MAPPA level 2 or 3 are automatically adopted onto the police IOM cohort.
 *
 * Runs as a checkpointed follower of the log, for the areas where the policy is on. Each MAPPA
 * event that turns a person from not qualifying into qualifying, while they are not already on the
 * cohort, records one `iom.adopted`. Its eventId is derived from the qualifying event's id, so a
 * crash, a second runner or a rebuild replays into the same id: the store's idempotency makes it
 * happen exactly once.
 *
 * The adoption is recorded as known when everything it was decided on was known (the latest
 * recordedAt among them), not when the policy got to it: "as known at T" then has the person on
 * the cohort from the moment the rule put them there, whether the MAPPA events came live or in an
 * import of years of history; and a replay records the very same event.
 */
export class IomAutoAdoptionPolicy implements Projection {
  readonly name = IOM_AUTO_ADOPTION;
  readonly version = 1;
  readonly schema = 'proj_iom_auto_adoption';

  constructor(private readonly store: EventStore, private readonly areas: readonly string[]) {}

  async createTables(): Promise<void> {
    // No read model: the policy's output is events in the log. The schema only marks it as created.
  }

  async apply(_client: PoolClient, _schema: string, events: StoredEvent[]): Promise<void> {
    const triggers = events.filter((event) => MAPPA_TYPES.has(event.type) && this.areas.includes(event.area));
    if (triggers.length === 0) return;
    // Every trigger's stream in one read (a rebuild's batch holds hundreds); each trigger only
    // looks at its stream up to itself, so reading them together changes nothing.
    const streams = await this.store.readStreams(
      triggers.map((trigger) => trigger.personId),
      { types: DECISION_TYPES },
    );
    const adoptions: NewEvent[] = [];
    for (const trigger of triggers) {
      const adoption = this.adoptionFor(trigger, streams.get(trigger.personId)!);
      if (adoption) adoptions.push(adoption);
    }
    if (adoptions.length === 0) return;
    // Ones already in the log stay as they are: a ledger from before adoptions carried the
    // recordedAt of their decision has them stamped when the policy ran, and appending the same id
    // with another recordedAt would be refused as a conflict.
    const recorded = new Set((await this.store.readEvents(adoptions.map((adoption) => adoption.eventId))).map((event) => event.eventId));
    const fresh = adoptions.filter((adoption) => !recorded.has(adoption.eventId));
    if (fresh.length > 0) await this.store.append(fresh);
  }

  private adoptionFor(trigger: StoredEvent, stream: StoredEvent[]): NewEvent | null {
    const before = resolveHistory(stream.filter((event) => event.position < trigger.position));
    const decidedOn = stream.filter((event) => event.position <= trigger.position);
    const after = resolveHistory(decidedOn);
    const on = after.find((event) => event.eventId === trigger.eventId)?.occurredDate;
    if (!on) return null; // the trigger itself was retracted by the time it is seen
    const cohortId = autoAdoptionCohort(trigger.area);
    const status = mappaStatusAt(after, on);
    if (!qualifies(status) || qualifies(mappaStatusAt(before, on)) || onCohort(after, cohortId, on)) return null;
    const adoption: NewEvent = {
      eventId: derivedEventId(trigger.eventId, 'iom-auto-adoption'),
      type: 'iom.adopted',
      personId: trigger.personId,
      occurredAt: trigger.occurredAt,
      recordedAt: latestRecordedAt(decidedOn),
      area: trigger.area,
      source: { system: 'manual', reference: `auto-adoption:${trigger.eventId}` },
      recordedBy: AUTO_ADOPTION_RECORDER,
      data: {
        cohortId,
        cohortType: 'flex',
        reason:
          `Adopted automatically: MAPPA category ${status!.category} managed at level ${status!.level} ` +
          `(${trigger.area} policy: relevant violent and other dangerous offenders at level 2 or 3 join the IOM cohort)`,
      },
    };
    const problems = validateNewEvent(adoption);
    if (problems.length > 0) throw new Error(`automatic IOM adoption would be invalid: ${JSON.stringify(problems)}`);
    return adoption;
  }
}

function latestRecordedAt(events: StoredEvent[]): string {
  return events.reduce((latest, event) => (instantMicros(event.recordedAt) > instantMicros(latest.recordedAt) ? event : latest)).recordedAt;
}

function qualifies(status: MappaStatus | null): boolean {
  return !!status && status.active && ['2', '3'].includes(String(status.category)) && ['2', '3'].includes(String(status.level));
}

function onCohort(facts: ResolvedEvent[], cohortId: string, on: string): boolean {
  let member = false;
  for (const fact of facts) {
    if ((fact.data as { cohortId?: string }).cohortId !== cohortId || fact.occurredDate > on) continue;
    if (fact.type === 'iom.adopted') member = true;
    if (fact.type === 'iom.deselected') member = false;
  }
  return member;
}

/** A UUID (version 5 layout) derived from another event's id: the same input always gives the same id. */
export function derivedEventId(fromEventId: string, purpose: string): string {
  const bytes = createHash('sha1').update(`${purpose}:${fromEventId.toLowerCase()}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
