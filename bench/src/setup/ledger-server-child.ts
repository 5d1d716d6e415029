/**
 * The ledger's API for the HTTP figures, in a process of its own as it is deployed: built as
 * `startLedger` builds it (ledger-under-test.ts), listening on 127.0.0.1 on a free port, which it
 * sends to the parent. Closes the application and exits when the parent sends 'close' or
 * disconnects. Reads BENCH_DATABASE_URL, BENCH_DATA_DIR and BENCH_SERVER_SETTINGS (JSON).
 */
import 'reflect-metadata';
import { benchLedgerConfig, buildLedgerApp, ServerSettings } from './ledger-under-test';

export interface ServerChildMessage {
  port: number;
}

async function main(): Promise<void> {
  const settings = JSON.parse(process.env.BENCH_SERVER_SETTINGS || '{}') as ServerSettings;
  const app = await buildLedgerApp({ ...benchLedgerConfig(process.env.BENCH_DATABASE_URL!, process.env.BENCH_DATA_DIR!), ...settings });
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= app.close().then(
      () => process.exit(0),
      (error) => {
        process.stderr.write(`[bench] the ledger server did not close cleanly: ${error instanceof Error ? error.stack : String(error)}\n`);
        process.exit(1);
      },
    ));
  process.on('message', (message) => message === 'close' && close());
  process.on('disconnect', close);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  if (typeof address !== 'object' || !address) throw new Error('the ledger is not listening on a TCP port');
  process.send!({ port: address.port } satisfies ServerChildMessage);
}

main().catch((error) => {
  process.stderr.write(`[bench] ledger server process failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
