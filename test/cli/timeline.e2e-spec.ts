import { createCliSandbox, CliSandbox, eventOf, registration, writeNdjsonFile } from './cli-harness';

describe('ledger timeline', () => {
  let sandbox: CliSandbox;
  const theft = { offenceId: 'O1', offenceDate: '2024-01-31', category: 'theft' };
  const arrest = eventOf('P1', 'arrest.recorded', '2024-02-01', { arrestId: 'A1', offences: [theft] }, { recordedAt: '2024-02-02T09:00:00Z' });
  const correction = eventOf(
    'P1',
    'record.corrected',
    '2024-03-01',
    { targetEventId: arrest.eventId, reason: 'keyed as theft; it was robbery', data: { arrestId: 'A1', offences: [{ ...theft, category: 'robbery' }] } },
    { recordedAt: '2024-03-01T10:00:00Z' },
  );

  beforeAll(async () => {
    sandbox = await createCliSandbox();
    const history = [registration('P1', '2024-01-01', { recordedAt: '2024-01-01T12:00:00Z' }), arrest, correction];
    expect((await sandbox.run(['import', writeNdjsonFile(sandbox.tmpDir, 'history.ndjson', history)])).code).toBe(0);
  });
  afterAll(() => sandbox.cleanup());

  async function timelineJson(asOf: string) {
    const run = await sandbox.run(['timeline', 'P1', '--as-of', asOf, '--json', '--purpose', 'case review']);
    expect(run.code).toBe(0);
    return JSON.parse(run.stdout);
  }

  it('shows the arrest as first recorded, as known before the correction', async () => {
    const timeline = await timelineJson('2024-02-15T00:00:00Z');
    expect(timeline).toMatchObject({ personId: 'P1', asOf: '2024-02-15T00:00:00Z' });
    expect(timeline.entries.map((entry: any) => entry.type)).toEqual(['person.registered', 'arrest.recorded']);
    const entry = timeline.entries[1];
    expect(entry.data.offences[0].category).toBe('theft');
    expect(entry.corrected).toBeUndefined();
  });

  it('shows the arrest as corrected, with what was first recorded, as known after the correction', async () => {
    const entry = (await timelineJson('2024-03-02T00:00:00Z')).entries[1];
    expect(entry).toMatchObject({ eventId: arrest.eventId, corrected: true });
    expect(entry.data.offences[0].category).toBe('robbery');
    expect(entry.original.data.offences[0].category).toBe('theft');
    expect(entry.corrections).toEqual([expect.objectContaining({ eventId: correction.eventId, reason: 'keyed as theft; it was robbery' })]);
  });

  it('prints a readable chronology with the correction marked', async () => {
    const run = await sandbox.run(['timeline', 'P1', '--purpose', 'case review']);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('Timeline of P1: 2 entries');
    expect(lines[2]).toMatch(/^2024-02-01  arrest\.recorded +offences: robbery 2024-01-31  \[manual\]  CORRECTED$/);
    expect(run.stdout).toContain('correction recorded 2024-03-01: keyed as theft; it was robbery');
    expect(run.stdout).toContain('first recorded as: 2024-02-01  offences: theft 2024-01-31');
  });

  it('needs a stated purpose, and writes who read whom and why to the access log', async () => {
    const refused = await sandbox.run(['timeline', 'P1']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--purpose/);

    const before = Number((await sandbox.db.pool.query('SELECT count(*) FROM ledger_access_log')).rows[0].count);
    expect((await sandbox.run(['timeline', 'P1', '--purpose', 'MAPPA level 2 meeting', '--subject', 'dc-smith'])).code).toBe(0);
    const { rows } = await sandbox.db.pool.query('SELECT subject, role, person_id, action, purpose FROM ledger_access_log ORDER BY position DESC LIMIT 1');
    expect(rows[0]).toEqual({ subject: 'dc-smith', role: 'cli-operator', person_id: 'P1', action: 'person.timeline', purpose: 'MAPPA level 2 meeting' });
    expect(Number((await sandbox.db.pool.query('SELECT count(*) FROM ledger_access_log')).rows[0].count)).toBe(before + 1);
  });

  it('fails (exit 1) with one line for an unknown person', async () => {
    const run = await sandbox.run(['timeline', 'P404', '--purpose', 'case review']);
    expect(run).toMatchObject({ code: 1, stdout: '', stderr: 'error: no person "P404"\n' });
  });
});
