import { createHash } from 'node:crypto';
import type { PoolClient } from 'pg';
import { EVENT_TYPES } from '@ledger/domain/catalogue';
import type { NewEvent, StoredEvent } from '@ledger/domain/envelope';
import { validateNewEvent } from '@ledger/domain/validation/validate-event';
import type { EventStore } from '@ledger/event-store';
import { instantMicros } from '@ledger/domain/time/instant';
import type { Projection } from '../runner/projection';
import { chronological, mappaStatusAt, MappaStatus, resolveHistory, ResolvedEvent } from '../measures';

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
const DECISION_TYPE_SET = new Set(DECISION_TYPES);
export const AUTO_ADOPTION_RECORDER = 'policy:iom-auto-adoption';
/** The policy's name, which keys its checkpoint. */
export const IOM_AUTO_ADOPTION = 'iom-auto-adoption';
const ADOPTION_ID_PURPOSE = 'iom-auto-adoption';
const RETRACTION_ID_PURPOSE = 'iom-auto-adoption-withdrawn';

/** The IOM cohort an area's automatic adoptions go to. */
export function autoAdoptionCohort(area: string): string {
  return `${area}-iom-mappa`;
}

/** An adoption the rule implies: a stretch of qualifying days that began with `start` (on its date) while the person was off the cohort. */
interface ImpliedAdoption {
  start: ResolvedEvent;
  cohortId: string;
  status: MappaStatus;
}

/**
 * Warwickshire's rule (seed 004): relevant violent (category 2) and other dangerous (category 3)
 * offenders managed at MAPPA level 2 or 3 are automatically adopted onto the police IOM cohort.
 *
 * Runs as a checkpointed follower of the log, for the areas where the policy is on. What the rule
 * implies is a function of a person's MAPPA history and cohort membership AS CORRECTED (domain.md:
 * every status uses events as corrected and ignores retracted ones): an adoption on the first day
 * of every stretch of qualifying days in one of the areas that begins while the person is off the
 * area's cohort. Each event that can change it (a MAPPA event, a correction, a retraction, a merge,
 * a manual adoption or deselection) is a trigger: the implied adoptions just before and just after
 * it (in log order) are compared; one that appears is recorded as an `iom.adopted`, one that
 * disappears (its MAPPA record corrected or retracted) has its adoption retracted.
 *
 * The decision reads only the log up to the trigger and never the policy's own events, and the
 * events it records have ids derived from what decided them, so a crash, a second runner or a
 * rebuild (whatever its batches) replays into the same ids: the store's idempotency makes each
 * happen once. They are recorded as known when everything they were decided on was known (the
 * latest recordedAt among it), not when the policy got to them: "as known at T" then has the
 * person on the cohort from the moment the rule put them there, whether the MAPPA events came live
 * or in an import of years of history.
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
    if (this.areas.length === 0) return;
    const triggers = events.filter((event) => DECISION_TYPE_SET.has(event.type) && event.recordedBy !== AUTO_ADOPTION_RECORDER);
    if (triggers.length === 0) return;
    // Every trigger's stream in one read (a rebuild's batch holds hundreds); each trigger only
    // looks at its stream up to itself, so reading them together changes nothing.
    const streams = await this.store.readStreams([...new Set(triggers.map((trigger) => trigger.personId))], { types: DECISION_TYPES });
    const triggerIds = new Set(triggers.map((trigger) => trigger.eventId));
    const decided: NewEvent[] = [];
    for (const [, stream] of streams) {
      // People with nothing in the policy's areas are left alone (most of the country).
      if (!stream.some((event) => this.areas.includes(event.area))) continue;
      decided.push(...this.decisionsFor(stream, triggerIds));
    }
    if (decided.length === 0) return;
    // Ones already in the log stay as they are: a replay, or a ledger from before adoptions carried
    // the recordedAt of their decision (appending the same id with another one would be refused).
    const recorded = new Set((await this.store.readEvents(decided.map((event) => event.eventId))).map((event) => event.eventId));
    const fresh = decided.filter((event) => !recorded.has(event.eventId));
    if (fresh.length > 0) await this.store.append(fresh);
  }

  /**
   * Walks a person's stream (the policy's own events left out) in log order up to the last of the
   * batch's triggers, following which adoption stands for what; returns what the batch's triggers decide.
   */
  private decisionsFor(stream: StoredEvent[], triggers: Set<string>): NewEvent[] {
    const inputs = stream.filter((event) => event.recordedBy !== AUTO_ADOPTION_RECORDER).sort((a, b) => a.position - b.position);
    const lastTrigger = Math.max(...inputs.filter((event) => triggers.has(event.eventId)).map((event) => event.position));
    const standing = new Map<string, string>(); // implied adoption -> the id of its adoption event
    const everAdopted = new Set<string>(); // starts that have had an adoption (a second one needs another id)
    let implied = new Map<string, ImpliedAdoption>();
    const decided: NewEvent[] = [];
    for (let i = 0; i < inputs.length && inputs[i].position <= lastTrigger; i++) {
      const trigger = inputs[i];
      const known = inputs.slice(0, i + 1);
      const next = this.impliedAdoptions(known);
      const emit = triggers.has(trigger.eventId);
      const recordedAt = latestRecordedAt(known);
      for (const [key, adoption] of implied) {
        if (next.has(key)) continue;
        const adoptionId = standing.get(key)!;
        standing.delete(key);
        if (emit) decided.push(withdrawal(adoptionId, adoption, trigger, recordedAt));
      }
      for (const [key, adoption] of next) {
        if (implied.has(key)) continue;
        const startId = adoption.start.eventId;
        const adoptionId = everAdopted.has(startId) ? derivedEventId(`${startId}:${trigger.eventId}`, ADOPTION_ID_PURPOSE) : derivedEventId(startId, ADOPTION_ID_PURPOSE);
        everAdopted.add(startId);
        standing.set(key, adoptionId);
        if (emit) decided.push(adoptionEvent(adoptionId, adoption, recordedAt));
      }
      implied = next;
    }
    return decided;
  }

  /** The adoptions the rule implies from these events, keyed by what decides them (start, date, cohort). */
  private impliedAdoptions(events: StoredEvent[]): Map<string, ImpliedAdoption> {
    const facts = resolveHistory(events);
    const mappa = chronological(facts.filter((fact) => fact.type.startsWith('mappa.')));
    const implied = new Map<string, ImpliedAdoption>();
    if (!mappa.some((fact) => this.areas.includes(fact.area))) return implied;
    const adoptedOn = new Map<string, string[]>(); // cohort -> dates of the adoptions implied so far
    let qualifiedBefore = false;
    // A status changes only on the dates of MAPPA facts: each is looked at once, in date order.
    for (const [index, fact] of mappa.entries()) {
      if (mappa[index + 1]?.occurredDate === fact.occurredDate) continue; // the last fact of its day decides the day
      const status = mappaStatusAt(facts, fact.occurredDate);
      const qualifiesNow = qualifies(status);
      if (qualifiesNow && !qualifiedBefore && this.areas.includes(fact.area)) {
        const cohortId = autoAdoptionCohort(fact.area);
        if (!onCohort(facts, cohortId, fact.occurredDate, adoptedOn.get(cohortId) ?? [])) {
          implied.set(`${fact.eventId}|${fact.occurredDate}|${cohortId}`, { start: fact, cohortId, status: status! });
          adoptedOn.set(cohortId, [...(adoptedOn.get(cohortId) ?? []), fact.occurredDate]);
        }
      }
      qualifiedBefore = qualifiesNow;
    }
    return implied;
  }
}

function adoptionEvent(eventId: string, adoption: ImpliedAdoption, recordedAt: string): NewEvent {
  const { start, cohortId, status } = adoption;
  return validated({
    eventId,
    type: 'iom.adopted',
    personId: start.originalPersonId,
    occurredAt: start.occurredAt,
    recordedAt,
    area: start.area,
    source: { system: 'manual', reference: `auto-adoption:${start.eventId}` },
    recordedBy: AUTO_ADOPTION_RECORDER,
    data: {
      cohortId,
      cohortType: 'flex',
      reason:
        `Adopted automatically: MAPPA category ${status.category} managed at level ${status.level} ` +
        `(${start.area} policy: relevant violent and other dangerous offenders at level 2 or 3 join the IOM cohort)`,
    },
  });
}

/** The retraction of an automatic adoption whose MAPPA record no longer gives it (corrected or retracted since). */
function withdrawal(adoptionId: string, adoption: ImpliedAdoption, trigger: StoredEvent, recordedAt: string): NewEvent {
  return validated({
    eventId: derivedEventId(`${adoptionId}:${trigger.eventId}`, RETRACTION_ID_PURPOSE),
    type: 'record.retracted',
    personId: adoption.start.originalPersonId,
    occurredAt: trigger.occurredAt,
    recordedAt,
    area: adoption.start.area,
    source: { system: 'manual', reference: `auto-adoption:${adoption.start.eventId}` },
    recordedBy: AUTO_ADOPTION_RECORDER,
    data: {
      targetEventId: adoptionId,
      reason:
        `Automatic adoption withdrawn: as corrected (${trigger.type} ${trigger.eventId}), the MAPPA record of ${adoption.start.occurredDate} ` +
        'no longer puts the person at category 2 or 3 managed at level 2 or 3 while off the cohort',
    },
  });
}

function validated(event: NewEvent): NewEvent {
  const problems = validateNewEvent(event);
  if (problems.length > 0) throw new Error(`an automatic IOM adoption decision would be invalid: ${JSON.stringify(problems)}`);
  return event;
}

function latestRecordedAt(events: StoredEvent[]): string {
  return events.reduce((latest, event) => (instantMicros(event.recordedAt) > instantMicros(latest.recordedAt) ? event : latest)).recordedAt;
}

function qualifies(status: MappaStatus | null): boolean {
  return !!status && status.active && ['2', '3'].includes(String(status.category)) && ['2', '3'].includes(String(status.level));
}

/** On the cohort at the end of `on`: its adoptions and deselections by then, with the automatic adoptions implied so far. */
function onCohort(facts: ResolvedEvent[], cohortId: string, on: string, automaticallyAdoptedOn: string[]): boolean {
  const changes = facts
    .filter((fact) => (fact.type === 'iom.adopted' || fact.type === 'iom.deselected') && (fact.data as { cohortId?: string }).cohortId === cohortId)
    .map((fact) => ({ on: fact.occurredDate, member: fact.type === 'iom.adopted' }));
  changes.push(...automaticallyAdoptedOn.map((date) => ({ on: date, member: true })));
  let member = false;
  for (const change of changes.filter((c) => c.on <= on).sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0))) member = change.member;
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
