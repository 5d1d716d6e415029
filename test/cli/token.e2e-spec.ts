import { loadOrCreateSecret, TokenVerifier } from '../../libs/access/src/tokens';
import { runCli } from './cli-harness';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

describe('ledger token', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-token-'));
  const env = { LEDGER_DATA_DIR: dataDir, LEDGER_SECRET: '' };
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('prints a token signed with the secret in the data directory, for the role, area and subject asked', async () => {
    const run = await runCli(['token', '--role', 'mappa-coordinator', '--area', 'dorset', '--subject', 'coordinator.one'], env);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const verifier = new TokenVerifier({ secret: loadOrCreateSecret(dataDir) });
    expect(await verifier.verify(run.stdout.trim())).toEqual({ subject: 'coordinator.one', role: 'mappa-coordinator', area: 'dorset' });
  });

  it('refuses what no verifier would accept, as a usage error', async () => {
    const noArea = await runCli(['token', '--role', 'recorder'], env);
    expect(noArea).toMatchObject({ code: 2, stderr: 'error: the recorder role needs an area\n' });
    const badRole = await runCli(['token', '--role', 'superuser'], env);
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toContain("argument 'superuser' is invalid. Allowed choices are recorder, iom-lead");
  });
});
