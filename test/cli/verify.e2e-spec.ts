import { tamper } from '../support/tamper';
import { createCliSandbox, CliSandbox, eventOf, registration, writeNdjsonFile } from './cli-harness';

describe('ledger verify', () => {
  let sandbox: CliSandbox;
  const p1 = registration('P1', '2024-01-05');
  const p1Rosh = eventOf('P1', 'risk.rosh-assessed', '2024-01-11', { level: 'high', tool: 'oasys' });
  const p1Later = eventOf('P1', 'risk.rosh-assessed', '2024-02-11', { level: 'medium', tool: 'oasys' });
  const p2 = registration('P2', '2024-02-01');

  beforeAll(async () => {
    sandbox = await createCliSandbox();
    const file = writeNdjsonFile(sandbox.tmpDir, 'history.ndjson', [p1, p1Rosh, p1Later, p2]);
    expect((await sandbox.run(['import', file])).code).toBe(0);
  });
  afterAll(() => sandbox.cleanup());

  it('exits 0 with a summary when every chain is intact', async () => {
    const run = await sandbox.run(['verify']);
    expect(run.code).toBe(0);
    // 3 events of P1 + 1 of P2 = 4 events in 2 streams.
    expect(run.stdout).toMatch(/^intact: 4 events in 2 streams, up to position 4/);
  });

  it('exits 1 naming the first broken event of the tampered stream', async () => {
    await tamper(sandbox.db.pool, `UPDATE ledger_events SET data = jsonb_set(data, '{level}', '"low"') WHERE event_id = $1`, [p1Rosh.eventId]);

    const run = await sandbox.run(['verify']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^BROKEN: /);
    expect(run.stdout).toContain(`person P1: altered, first broken event ${p1Rosh.eventId} (position 2, version 2)`);
    expect(run.stdout).not.toContain('person P2');

    const json = await sandbox.run(['verify', '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ intact: false, brokenStreams: [{ personId: 'P1', eventId: p1Rosh.eventId, problem: 'altered' }] });
  });
});
