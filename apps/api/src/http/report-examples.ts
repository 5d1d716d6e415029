/**
 * OpenAPI response examples of every report, in the shapes of contract.md. Illustrations for
 * readers of /api/docs (the snapshot is the Hampshire and IoW table of 31 March 2014, seed 002).
 */
export const REPORT_EXAMPLES = {
  mappaSnapshot: {
    at: '2014-03-31',
    table: { '1': { '1': 1626, '2': 88, '3': 1 }, '2': { '1': 282, '2': 41, '3': 0 }, '3': { '1': 0, '2': 10, '3': 1 }, '4': { '1': 0, '2': 0, '3': 0 } },
    totals: { byCategory: { '1': 1715, '2': 323, '3': 11, '4': 0 }, byLevel: { '1': 1908, '2': 139, '3': 2 }, all: 2049 },
  },
  mappaPeriod: {
    from: '2013-04-01',
    to: '2014-03-31',
    levelTotals: { '2': { '1': 96, '2': 52, '3': 12, '4': 0 }, '3': { '1': 2, '2': 3, '3': 1, '4': 0 } },
    returnsToCustody: { '2': { '1': 9, '2': 11, '3': 2, '4': 0 }, '3': { '1': 0, '2': 1, '3': 0, '4': 0 } },
  },
  mappaReviews: {
    at: '2024-04-22',
    reviews: [
      { personId: 'P-000123', category: '2', level: '3', leadAgency: 'probation', lastEventDate: '2024-02-20', nextReviewDue: '2024-04-16', overdue: true },
      { personId: 'P-000456', category: '1', level: '2', leadAgency: 'police', lastEventDate: '2024-01-01', nextReviewDue: '2024-04-22', overdue: false },
    ],
  },
  iomCohorts: {
    cohorts: [{ cohortId: 'hampshire-iow-2024-q1', cohortType: 'fixed', area: 'hampshire-iow', members: 14, current: 12 }],
  },
  iomProgress: {
    cohortId: 'hampshire-iow-2024-q1',
    at: '2025-03-31',
    members: [
      {
        personId: 'P-000123',
        adoptedOn: '2024-01-15',
        windowDays: 441,
        arrests: { pre: 6, post: 2 },
        provenOffences: { pre: 4, post: 1 },
        reductionPercent: { arrests: 66.7, provenOffences: 75 },
      },
    ],
    cohort: { arrests: { pre: 41, post: 23 }, provenOffences: { pre: 29, post: 12 }, reductionPercent: { arrests: 43.9, provenOffences: 58.6 } },
  },
  reoffending: {
    from: '2023-01-01',
    to: '2023-04-01',
    offenders: 120,
    reoffenders: 31,
    reoffences: 88,
    ratePercent: 25.83,
    reoffencesPerReoffender: 2.84,
    reoffencesPerOffender: 0.73,
    breakdown: [
      { group: 'male', offenders: 104, reoffenders: 28, reoffences: 81, ratePercent: 26.92, reoffencesPerReoffender: 2.89, reoffencesPerOffender: 0.78 },
      { group: 'female', offenders: 16, reoffenders: 3, reoffences: 7, ratePercent: 18.75, reoffencesPerReoffender: 2.33, reoffencesPerOffender: 0.44 },
    ],
  },
};

/** An `@ApiOkResponse` body description carrying one example. */
export const exampleResponse = (description: string, example: unknown) => ({ description, schema: { type: 'object', example } });
