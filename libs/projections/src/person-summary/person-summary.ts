import { chronological, mappaStatusAt, MappaStatus, ResolvedEvent } from '../measures';
import { londonDate } from '../measures/london-dates';

export interface PersonSummary {
  personId: string;
  /** Duplicate records merged into this person (their events count as this person's). */
  mergedRecords: string[];
  gender: string | null;
  dateOfBirth: unknown;
  name: unknown;
  identifiers: unknown[];
  areas: string[];
  mappa: MappaStatus | null;
  rosh: { level: string; tool: string; assessedOn: string } | null;
  iom: Array<{ cohortId: string; cohortType: string; adoptedOn: string; reason: string; current: boolean; deselectedOn: string | null }>;
  custody: { status: 'in-custody' | 'in-community'; since: string; reason: string | null; establishment: string | null } | null;
  licences: Array<{ licenceId: string; status: 'active' | 'ended'; startedOn: string; expiresOn: string; endedOn: string | null; conditions: unknown[] }>;
  openInterventions: Array<{ interventionId: string; pathway: string; programme: string | null; status: 'referred' | 'started'; since: string }>;
  events: number;
  lastOccurredOn: string | null;
}

/**
 * What a practitioner wants to see first about a person, folded from their resolved events
 * (corrections applied, retractions gone, merged records included) at the end of day `at`.
 */
export function personSummary(personId: string, resolved: ResolvedEvent[], at: string): PersonSummary {
  const events = chronological(resolved.filter((event) => event.occurredDate <= at));
  const summary: PersonSummary = {
    personId,
    mergedRecords: [...new Set(resolved.map((e) => e.originalPersonId))].filter((id) => id !== personId).sort(),
    gender: null,
    dateOfBirth: null,
    name: null,
    identifiers: [],
    areas: [...new Set(events.map((e) => e.area))].sort(),
    mappa: mappaStatusAt(events, at),
    rosh: null,
    iom: [],
    custody: null,
    licences: [],
    openInterventions: [],
    events: events.length,
    lastOccurredOn: events.length ? events[events.length - 1].occurredDate : null,
  };
  const interventions = new Map<string, PersonSummary['openInterventions'][number]>();
  for (const event of events) {
    const data = event.data as Record<string, any>;
    const on = event.occurredDate;
    switch (event.type) {
      case 'person.registered':
        // The surviving record's registration wins over a duplicate's.
        if (event.originalPersonId === personId || summary.gender === null) {
          summary.gender = data.gender ?? null;
          summary.dateOfBirth = data.dateOfBirth ?? null;
          summary.name = data.name ?? null;
        }
        summary.identifiers.push(...(Array.isArray(data.identifiers) ? data.identifiers : []));
        break;
      case 'person.identifier-linked':
        summary.identifiers.push(data.identifier);
        break;
      case 'risk.rosh-assessed':
        summary.rosh = { level: data.level, tool: data.tool, assessedOn: on };
        break;
      case 'iom.adopted':
        summary.iom.push({ cohortId: data.cohortId, cohortType: data.cohortType, adoptedOn: on, reason: data.reason, current: true, deselectedOn: null });
        break;
      case 'iom.deselected':
        for (const membership of summary.iom) {
          if (membership.cohortId === data.cohortId && membership.current) Object.assign(membership, { current: false, deselectedOn: on });
        }
        break;
      case 'custody.received':
        summary.custody = { status: 'in-custody', since: on, reason: data.reason ?? null, establishment: data.establishment ?? null };
        break;
      case 'custody.released':
        summary.custody = { status: 'in-community', since: on, reason: data.releaseType ?? null, establishment: data.establishment ?? null };
        break;
      case 'licence.started':
        summary.licences.push({ licenceId: data.licenceId, status: 'active', startedOn: on, expiresOn: data.expiresOn, endedOn: null, conditions: data.conditions ?? [] });
        break;
      case 'licence.varied':
        for (const licence of summary.licences) if (licence.licenceId === data.licenceId) licence.conditions = data.conditions ?? [];
        break;
      case 'licence.ended':
        for (const licence of summary.licences) if (licence.licenceId === data.licenceId) Object.assign(licence, { status: 'ended', endedOn: on });
        break;
      case 'intervention.referred':
      case 'intervention.started':
        interventions.set(data.interventionId, {
          interventionId: data.interventionId,
          pathway: data.pathway,
          programme: data.programme ?? null,
          status: event.type === 'intervention.started' ? 'started' : 'referred',
          since: on,
        });
        break;
      case 'intervention.completed':
      case 'intervention.withdrawn':
        interventions.delete(data.interventionId);
        break;
    }
  }
  // A licence past its expiry date is no longer active even if nobody recorded its end.
  for (const licence of summary.licences) if (licence.status === 'active' && licence.expiresOn < at) licence.status = 'ended';
  summary.openInterventions = [...interventions.values()];
  return summary;
}

export function todayInLondon(now = new Date()): string {
  return londonDate(now.toISOString());
}
