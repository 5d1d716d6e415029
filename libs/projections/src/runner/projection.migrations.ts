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
];
