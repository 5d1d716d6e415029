/**
 * The event envelope of ../shared/interchange.md: what a writer submits, and what the ledger
 * stores and returns. Every layer (store, recording, projections, measures, export) speaks
 * these two shapes, so they live here, in the domain library, and nowhere else.
 */

export const SOURCE_SYSTEMS = ['pnc', 'ndelius', 'nomis', 'oasys', 'visor', 'court', 'rj-service', 'manual'] as const;
export type SourceSystem = (typeof SOURCE_SYSTEMS)[number];

export interface EventSource {
  system: SourceSystem;
  reference?: string;
}

/** An event as a writer submits it (one NDJSON line, one element of POST /api/events). */
export interface NewEvent<D = Record<string, unknown>> {
  eventId: string;
  type: string;
  personId: string;
  /** ISO-8601 date (YYYY-MM-DD) or instant: when it happened (valid time). */
  occurredAt: string;
  /** ISO-8601 instant: when the ledger learned it. Set by the ledger when absent. */
  recordedAt?: string;
  area: string;
  source?: EventSource;
  recordedBy?: string;
  /** Optimistic concurrency: the version of the person's stream the writer last saw. */
  expectedVersion?: number;
  data: D;
}

/** An event as the ledger stores it and returns it on every read. */
export interface StoredEvent<D = Record<string, unknown>> {
  /** Global position: strictly increasing in commit order; a reader never skips one. */
  position: number;
  /** Position within the person's stream, from 1. */
  version: number;
  eventId: string;
  type: string;
  personId: string;
  occurredAt: string;
  recordedAt: string;
  area: string;
  source?: EventSource;
  recordedBy?: string;
  data: D;
  /** SHA-256 (hex) over the canonical envelope and previousHash. */
  hash: string;
  /** The hash of the previous event in the same stream; null for the first. */
  previousHash: string | null;
}
