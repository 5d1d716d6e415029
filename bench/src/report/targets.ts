/**
 * The targets of the scaling issue, as numbers. Ratios compare the ledger with a raw baseline
 * measured in the same run on the same PostgreSQL.
 */
export const TARGETS = {
  bulkImportRatio: 0.7,
  appendRatio: 0.5,
  appendP99Ms: 25,
  rebuildRatio: 0.6,
  /** Stated for a log of 5,000,000 events. */
  rebuildPeakRssBytes: 1024 ** 3,
  rebuildRssAtEvents: 5_000_000,
  timelineP99Ms: 15,
  /** The report targets are stated for a population of 100,000 people. */
  reportPeople: 100_000,
  mappaSnapshotMs: 100,
  cohortProgressMs: 100,
  reoffendingQuarterMs: 1000,
  asKnownAtMs: 10_000,
} as const;
