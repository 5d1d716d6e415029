import { NotFoundException } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { buildTimeline, personSummary, Timeline, todayInLondon } from '@ledger/projections';
import { londonDate } from '@ledger/projections/measures/london-dates';
import { FactSource } from '../reports/fact-source';
import { TimelineCache } from './timeline-cache';

/** A person's chronology, now or as known at an instant. */
export class PersonTimelineQuery {
  constructor(readonly personId: string, readonly asOf?: string) {}
}

/** The same chronology as the JSON the API answers with, ready to send. */
export class PersonTimelineJsonQuery {
  constructor(readonly personId: string, readonly asOf?: string) {}
}

export interface TimelineJson {
  body: Buffer;
  /** The same JSON gzip-compressed, when a kept copy has been compressed (see TimelineCache). */
  gzipped?: Buffer;
  /** Sent as kept: nothing it was built from has changed since. */
  cached: boolean;
}

/** A person's current summary (or as known at an instant). */
export class PersonSummaryQuery {
  constructor(readonly personId: string, readonly asOf?: string) {}
}

type TimelineAnswer = Timeline & { countsAs: string };

function unknownPerson(personId: string, asOf?: string): NotFoundException {
  return new NotFoundException(`no person "${personId}"${asOf ? ` known at ${asOf}` : ''}`);
}

async function timelineOf(facts: FactSource, personId: string, asOf?: string): Promise<TimelineAnswer> {
  const found = await facts.recordedFor(personId, asOf);
  if (!found) throw unknownPerson(personId, asOf);
  return { ...buildTimeline(personId, found.raw, asOf), countsAs: found.personId };
}

@QueryHandler(PersonTimelineQuery)
export class PersonTimelineHandler implements IQueryHandler<PersonTimelineQuery> {
  constructor(private readonly facts: FactSource) {}
  execute({ personId, asOf }: PersonTimelineQuery): Promise<TimelineAnswer> {
    return timelineOf(this.facts, personId, asOf);
  }
}

/**
 * The timeline as known now comes from the TimelineCache when its stamp still holds. The stamp is
 * who the record counts as, every record merged into them with its stream's version, and who among
 * those records is erased: the only things a current timeline is built from (events are never
 * changed, only added). It is read before the events, so a kept body is never older than its stamp.
 * "As known at" timelines are built every time.
 */
@QueryHandler(PersonTimelineJsonQuery)
export class PersonTimelineJsonHandler implements IQueryHandler<PersonTimelineJsonQuery> {
  constructor(private readonly facts: FactSource, private readonly cache: TimelineCache) {}

  async execute({ personId, asOf }: PersonTimelineJsonQuery): Promise<TimelineJson> {
    if (asOf !== undefined) return { body: Buffer.from(JSON.stringify(await timelineOf(this.facts, personId, asOf))), cached: false };
    const person = await this.facts.personNow(personId);
    const stamp = await this.facts.stampOf(person);
    const kept = this.cache.get(personId, stamp);
    if (kept) return { body: kept.body, gzipped: kept.gzipped, cached: true };
    const raw = await this.facts.revealedStreams(person.records);
    if (raw.length === 0) throw unknownPerson(personId);
    const answer: TimelineAnswer = { ...buildTimeline(personId, raw), countsAs: person.personId };
    const body = Buffer.from(JSON.stringify(answer));
    // Not awaited: the compressed copy is for the reads after this one.
    void this.cache.set(personId, stamp, body);
    return { body, cached: false };
  }
}

@QueryHandler(PersonSummaryQuery)
export class PersonSummaryHandler implements IQueryHandler<PersonSummaryQuery> {
  constructor(private readonly facts: FactSource) {}
  async execute({ personId, asOf }: PersonSummaryQuery) {
    const found = await this.facts.forPerson(personId, asOf);
    if (!found) throw unknownPerson(personId, asOf);
    const at = asOf ? londonDate(asOf) : todayInLondon();
    return { ...personSummary(found.personId, found.facts, at), asOf: asOf ?? null };
  }
}

export const PERSON_HANDLERS = [PersonTimelineHandler, PersonTimelineJsonHandler, PersonSummaryHandler];
