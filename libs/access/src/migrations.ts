import type { Migration } from '@ledger/event-store/postgres/migrations';
import { ACCESS_LOG_MIGRATIONS } from './access-log/access-log.migrations';
import { PERSON_KEY_MIGRATIONS } from './personal-data/person-keys.migrations';

/** Everything the access library keeps in PostgreSQL; run with the store's `runMigrations`. */
export const ACCESS_MIGRATIONS: Migration[] = [...ACCESS_LOG_MIGRATIONS, ...PERSON_KEY_MIGRATIONS];
