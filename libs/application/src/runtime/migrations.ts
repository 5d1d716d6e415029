import { EVENT_STORE_MIGRATIONS, Migration } from '@ledger/event-store';
import { PROJECTION_MIGRATIONS } from '@ledger/projections/runner/projection.migrations';
import { ACCESS_MIGRATIONS } from '@ledger/access/migrations';

/** Every schema migration of the ledger, in the order they apply. */
export const ALL_MIGRATIONS: readonly Migration[] = [...EVENT_STORE_MIGRATIONS, ...PROJECTION_MIGRATIONS, ...ACCESS_MIGRATIONS];

/**
 * The ledger's PostgreSQL when the events live elsewhere (EVENTSTORE_URL): read models,
 * checkpoints, the access log and the personal-data keys, but no event table, so that nothing
 * can read an empty log there by mistake.
 */
export const READ_SIDE_MIGRATIONS: readonly Migration[] = [...PROJECTION_MIGRATIONS, ...ACCESS_MIGRATIONS];
