import { randomUUID } from 'node:crypto';
import { describeEventStoreContract } from '../event-store.contract';
import { KurrentEventStore } from './kurrent-event-store';

/**
 * The KurrentDB adapter against a real server. No KurrentDB server can run on every machine that
 * runs this suite (it needs Docker or a KurrentDB install and a free port), so without
 * EVENTSTORE_URL the suite is reported as skipped rather than failing. To run it:
 *
 *   docker compose up -d kurrentdb
 *   EVENTSTORE_URL=kurrentdb://localhost:2113?tls=false npx jest libs/event-store
 *
 * A KurrentDB database cannot be dropped between tests, so each test gets its own stream
 * namespace: it sees an empty ledger even though the server keeps every earlier run's events.
 */
const configured = process.env.EVENTSTORE_URL;
// EVENTSTORE_URL may also name a second PostgreSQL (postgres://), which this suite is not for.
const url = configured && !/^postgres(ql)?:/i.test(configured) ? configured : undefined;

(url ? describe : describe.skip)('KurrentDB adapter (EVENTSTORE_URL)', () => {
  describeEventStoreContract('KurrentDB', {
    // The store opens its own connection and closes it in close(), which the contract calls.
    async create() {
      return KurrentEventStore.connect(url!, { namespace: `contract${randomUUID().replace(/-/g, '')}.` });
    },
    async dispose() {},
  });
});
