// Child process for the embedded-PostgreSQL tests: opens the embedded PostgreSQL of a data
// directory as the server or a `ledger` command would, reports what it found on stdout (one JSON
// line), optionally runs SQL, then holds on until its stdin closes and lets go (stopping the
// instance only if it started it).
const { Client } = require('pg');
const { ensureEmbeddedPostgres } = require('../../dist/libs/event-store/src/postgres/embedded-postgres');

const [dataDir, sql] = process.argv.slice(2);
// Crash tests need what a committed transaction wrote to survive a kill: durable unless told otherwise.
const durable = process.env.LEDGER_TEST_DURABLE !== 'off';
(async () => {
  const messages = [];
  const handle = await ensureEmbeddedPostgres({ dataDir, durable, log: (message) => messages.push(message) });
  const client = new Client({ connectionString: handle.adminUrl });
  await client.connect();
  // inet_server_addr() is null on a Unix-socket connection.
  const { started, serverAddress } = (await client.query('SELECT pg_postmaster_start_time()::text AS started, host(inet_server_addr()) AS "serverAddress"')).rows[0];
  const rows = sql ? (await client.query(sql)).rows : null;
  await client.end();
  process.stdout.write(JSON.stringify({ owned: handle.owned, adminUrl: handle.adminUrl, started, serverAddress, rows, messages }) + '\n');
  process.stdin.resume();
  process.stdin.on('end', async () => {
    await handle.stop();
    process.exit(0);
  });
})().catch((error) => {
  process.stderr.write(String(error && error.stack ? error.stack : error) + '\n');
  process.exit(1);
});
