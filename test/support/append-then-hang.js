// Child process for the "killed mid-append" test: appends a batch through the real store,
// says so once the rows are written inside the transaction, then waits forever before COMMIT
// until the test kills it with SIGKILL.
const { randomUUID } = require('node:crypto');
const { Pool } = require('pg');
const { PostgresEventStore } = require('../../dist/libs/event-store/src');

const [url, personId, count] = process.argv.slice(2);
const pool = new Pool({ connectionString: url, application_name: 'append-then-hang' });
const store = new PostgresEventStore(pool);
const events = Array.from({ length: Number(count) }, () => ({
  eventId: randomUUID(),
  type: 'arrest.recorded',
  personId,
  occurredAt: '2024-01-01',
  area: 'dorset',
  data: { arrestId: randomUUID(), offences: [] },
}));
store.append(events, {
  beforeCommit: () => {
    process.stdout.write('rows-written\n');
    return new Promise(() => undefined);
  },
});
