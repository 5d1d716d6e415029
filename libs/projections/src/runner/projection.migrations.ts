import type { Migration } from '@ledger/event-store';

export const PROJECTION_MIGRATIONS: Migration[] = [
  {
    id: 'projections/001-checkpoints',
    sql: `
      CREATE TABLE ledger_projection_checkpoints (
        name       text PRIMARY KEY,
        position   bigint NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );`,
  },
  {
    id: 'projections/002-checkpoint-version',
    // The shape version of the read model a checkpoint covers: a new shape means a rebuild.
    sql: `ALTER TABLE ledger_projection_checkpoints ADD COLUMN version integer NOT NULL DEFAULT 0;`,
  },
];
