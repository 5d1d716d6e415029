import * as fs from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  const started = (globalThis as any).__LEDGER_TEST_PG__;
  if (!started) return;
  await started.handle.stop();
  fs.rmSync(started.dataDir, { recursive: true, force: true });
}
