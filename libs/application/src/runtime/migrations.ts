import { EVENT_STORE_MIGRATIONS, Migration } from '@ledger/event-store';
import { PROJECTION_MIGRATIONS } from '@ledger/projections/runner/projection.migrations';
import { ACCESS_MIGRATIONS } from '@ledger/access/migrations';

/** Every schema migration of the ledger, in the order they apply. */
export const ALL_MIGRATIONS: readonly Migration[] = [...EVENT_STORE_MIGRATIONS, ...PROJECTION_MIGRATIONS, ...ACCESS_MIGRATIONS];
