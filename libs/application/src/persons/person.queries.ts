import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundException } from '@nestjs/common';
import { buildTimeline, personSummary, todayInLondon } from '@ledger/projections';
import { londonDate } from '@ledger/projections/measures/london-dates';
import { FactSource } from '../reports/fact-source';

/** A person's chronology, now or as known at an instant. */
export class PersonTimelineQuery {
  constructor(readonly personId: string, readonly asOf?: string) {}
}

/** A person's current summary (or as known at an instant). */
export class PersonSummaryQuery {
  constructor(readonly personId: string, readonly asOf?: string) {}
}

@QueryHandler(PersonTimelineQuery)
export class PersonTimelineHandler implements IQueryHandler<PersonTimelineQuery> {
  constructor(private readonly facts: FactSource) {}
  async execute({ personId, asOf }: PersonTimelineQuery) {
    const found = await this.facts.recordedFor(personId, asOf);
    if (!found) throw new NotFoundException(`no person "${personId}"${asOf ? ` known at ${asOf}` : ''}`);
    const timeline = buildTimeline(personId, found.raw, asOf);
    return { ...timeline, countsAs: found.personId };
  }
}

@QueryHandler(PersonSummaryQuery)
export class PersonSummaryHandler implements IQueryHandler<PersonSummaryQuery> {
  constructor(private readonly facts: FactSource) {}
  async execute({ personId, asOf }: PersonSummaryQuery) {
    const found = await this.facts.forPerson(personId, asOf);
    if (!found) throw new NotFoundException(`no person "${personId}"${asOf ? ` known at ${asOf}` : ''}`);
    const at = asOf ? londonDate(asOf) : todayInLondon();
    return { ...personSummary(found.personId, found.facts, at), asOf: asOf ?? null };
  }
}

export const PERSON_HANDLERS = [PersonTimelineHandler, PersonSummaryHandler];
