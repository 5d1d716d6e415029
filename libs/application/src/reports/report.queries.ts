/** The measures of domain.md, as @nestjs/cqrs queries (HTTP and `ledger report` both send these). */
export interface ReportScope {
  /** "As known at T": an ISO instant. */
  asOf?: string;
  area?: string;
}

export class MappaSnapshotQuery {
  constructor(readonly at: string, readonly scope: ReportScope = {}) {}
}
export class MappaPeriodQuery {
  constructor(readonly from: string, readonly to: string, readonly scope: ReportScope = {}) {}
}
export class MappaReviewsQuery {
  constructor(readonly at: string, readonly overdueOnly: boolean, readonly scope: ReportScope = {}) {}
}
export class IomCohortsQuery {
  constructor(readonly scope: ReportScope = {}) {}
}
export class IomCohortProgressQuery {
  constructor(readonly cohortId: string, readonly at: string, readonly scope: ReportScope = {}) {}
}
export class ReoffendingQuery {
  constructor(readonly from: string, readonly to: string, readonly by: 'gender' | 'age' | undefined, readonly scope: ReportScope = {}) {}
}
