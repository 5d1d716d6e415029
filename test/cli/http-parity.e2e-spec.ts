import request from 'supertest';
import type { INestApplication } from '@nestjs/common';
import { loadLedgerConfig } from '../../libs/config/src';
import { loadOrCreateSecret, TokenIssuer } from '../../libs/access/src/tokens';
import { createApp } from '../../apps/api/src/main';
import { CliSandbox, createCliSandbox, eventOf, registration, writeNdjsonFile } from './cli-harness';

/** contract.md: `--json` output is the same JSON as the matching HTTP endpoint. */
describe('ledger --json and the HTTP API give the same JSON', () => {
  let sandbox: CliSandbox;
  let app: INestApplication;
  let token: string;

  beforeAll(async () => {
    sandbox = await createCliSandbox();
    const history = [
      registration('P1', '2023-01-01', { recordedAt: '2023-01-01T12:00:00Z' }),
      eventOf('P1', 'mappa.registered', '2024-01-10', { category: 2, level: 3, leadAgency: 'probation' }, { recordedAt: '2024-01-10T12:00:00Z' }),
      eventOf('P1', 'sentence.imposed', '2024-01-15', { sentenceId: 'S1', sentenceType: 'fine' }, { recordedAt: '2024-01-15T12:00:00Z' }),
      eventOf('P1', 'iom.adopted', '2024-01-20', { cohortId: 'c1', cohortType: 'flex', reason: 'Local priority' }, { recordedAt: '2024-01-20T12:00:00Z' }),
    ];
    expect((await sandbox.run(['import', writeNdjsonFile(sandbox.tmpDir, 'history.ndjson', history)])).code).toBe(0);
    const config = loadLedgerConfig({ DATABASE_URL: sandbox.db.url, LEDGER_DATA_DIR: sandbox.dataDir, LEDGER_DEMO_DATA: 'off' });
    app = await createApp(config, { runProjections: false, logger: false });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    token = await new TokenIssuer(loadOrCreateSecret(sandbox.dataDir)).issue({ subject: 'parity-test', role: 'auditor' });
  });
  afterAll(async () => {
    await app?.close();
    await sandbox.cleanup();
  });

  const cases: Array<[string, string[], string]> = [
    ['mappa snapshot', ['report', 'mappa', '--at', '2024-03-31'], '/api/mappa/snapshot?at=2024-03-31'],
    ['mappa period', ['report', 'mappa-period', '--from', '2024-01-01', '--to', '2024-03-31'], '/api/mappa/period?from=2024-01-01&to=2024-03-31'],
    ['iom cohort progress', ['report', 'iom', '--cohort', 'c1', '--at', '2024-06-01'], '/api/iom/cohorts/c1/progress?at=2024-06-01'],
    ['reoffending', ['report', 'reoffending', '--from', '2024-01-01', '--to', '2025-01-01', '--by', 'age'], '/api/reoffending?from=2024-01-01&to=2025-01-01&by=age'],
    ['timeline as known at', ['timeline', 'P1', '--as-of', '2024-01-12T00:00:00Z', '--purpose', 'parity test'], '/api/persons/P1/timeline?asOf=2024-01-12T00:00:00Z'],
  ];

  it.each(cases)('%s', async (_name, args, path) => {
    const cli = await sandbox.run([...args, '--json']);
    expect(cli.code).toBe(0);
    const http = await request(app.getHttpServer()).get(path).set('Authorization', `Bearer ${token}`).set('X-Purpose', 'parity test');
    expect(http.status).toBe(200);
    expect(JSON.parse(cli.stdout)).toEqual(http.body);
  });
});
