import { NotFoundException } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import {
  INDEX_ONLY_TYPES,
  INDEX_TYPES,
  iomCohortProgress,
  iomCohorts,
  mappaPeriod,
  mappaReviews,
  mappaSnapshot,
  provenReoffending,
  reoffendingOf,
} from '@ledger/projections';
import { FactSource } from './fact-source';
import {
  IomCohortProgressQuery,
  IomCohortsQuery,
  MappaPeriodQuery,
  MappaReviewsQuery,
  MappaSnapshotQuery,
  ReoffendingQuery,
} from './report.queries';

const MAPPA_TYPES = ['mappa.registered', 'mappa.level-changed', 'mappa.category-changed', 'mappa.reviewed', 'mappa.deregistered'];
const IOM_TYPES = ['iom.adopted', 'iom.deselected', 'arrest.recorded', 'conviction.recorded', 'disposal.out-of-court'];
/** The registration (gender, date of birth) only matters to a breakdown; without one it is not read, nor its personal data decrypted. */
const REOFFENDING_TYPES = ['custody.released', 'sentence.imposed', 'disposal.out-of-court', 'conviction.recorded'];
const REOFFENDING_BREAKDOWN_TYPES = ['person.registered', ...REOFFENDING_TYPES];

@QueryHandler(MappaSnapshotQuery)
export class MappaSnapshotHandler implements IQueryHandler<MappaSnapshotQuery> {
  constructor(private readonly facts: FactSource) {}
  async execute({ at, scope }: MappaSnapshotQuery) {
    // Now: one query over the MAPPA segments read model; as known at T: fold the events known then.
    if (!scope.asOf) return (await this.facts.current()).mappaSnapshot(at, scope.area);
    return mappaSnapshot(await this.facts.ofTypes(MAPPA_TYPES, scope.asOf), at, { area: scope.area });
  }
}

@QueryHandler(MappaPeriodQuery)
export class MappaPeriodHandler implements IQueryHandler<MappaPeriodQuery> {
  constructor(private readonly facts: FactSource) {}
  async execute({ from, to, scope }: MappaPeriodQuery) {
    return mappaPeriod(await this.facts.ofTypes([...MAPPA_TYPES, 'custody.received'], scope.asOf), from, to, { area: scope.area });
  }
}

@QueryHandler(MappaReviewsQuery)
export class MappaReviewsHandler implements IQueryHandler<MappaReviewsQuery> {
  constructor(private readonly facts: FactSource) {}
  async execute({ at, overdueOnly, scope }: MappaReviewsQuery) {
    if (!scope.asOf) return (await this.facts.current()).mappaReviews(at, overdueOnly, scope.area);
    return mappaReviews(await this.facts.ofTypes(MAPPA_TYPES, scope.asOf), at, { area: scope.area, overdue: overdueOnly });
  }
}

@QueryHandler(IomCohortsQuery)
export class IomCohortsHandler implements IQueryHandler<IomCohortsQuery> {
  constructor(private readonly facts: FactSource) {}
  async execute({ scope }: IomCohortsQuery) {
    return { cohorts: iomCohorts(await this.facts.ofTypes(['iom.adopted', 'iom.deselected'], scope.asOf), { area: scope.area }) };
  }
}

@QueryHandler(IomCohortProgressQuery)
export class IomCohortProgressHandler implements IQueryHandler<IomCohortProgressQuery> {
  constructor(private readonly facts: FactSource) {}
  async execute({ cohortId, at, scope }: IomCohortProgressQuery) {
    const facts = await this.facts.ofTypesForPeople(IOM_TYPES, (reader, recordedBy) => reader.cohortMembers(cohortId, recordedBy), scope.asOf);
    const progress = iomCohortProgress(facts, cohortId, at, { area: scope.area });
    if (!progress) throw new NotFoundException(`no IOM cohort "${cohortId}"`);
    return progress;
  }
}

@QueryHandler(ReoffendingQuery)
export class ReoffendingHandler implements IQueryHandler<ReoffendingQuery> {
  constructor(private readonly facts: FactSource) {}
  async execute({ from, to, by, scope }: ReoffendingQuery) {
    // Now: the period's index events and their people's proven offences from the read model;
    // as known at T: the facts known then of the people with an index-type fact in the period.
    const breakdown = by !== undefined;
    if (!scope.asOf) return reoffendingOf(await (await this.facts.current()).reoffendingPeople(from, to, { registrations: breakdown }), from, to, { by, area: scope.area });
    const facts = await this.facts.ofTypesForPeople(
      breakdown ? REOFFENDING_BREAKDOWN_TYPES : REOFFENDING_TYPES,
      (reader, recordedBy) => reader.peopleWithFactsIn(INDEX_TYPES, from, to, recordedBy!),
      scope.asOf,
      { types: INDEX_ONLY_TYPES, from, toExclusive: to },
    );
    return provenReoffending(facts, from, to, { by, area: scope.area });
  }
}

export const REPORT_HANDLERS = [
  MappaSnapshotHandler,
  MappaPeriodHandler,
  MappaReviewsHandler,
  IomCohortsHandler,
  IomCohortProgressHandler,
  ReoffendingHandler,
];
