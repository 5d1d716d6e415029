import { createCliSandbox, CliSandbox, readNdjsonFile } from './cli-harness';

describe('ledger seed and replay', () => {
  let sandbox: CliSandbox;
  beforeAll(async () => {
    sandbox = await createCliSandbox();
  });
  afterAll(() => sandbox.cleanup());

  it('appends the same events for the same seed, whether written to a file or straight into the ledger', async () => {
    const file = `${sandbox.tmpDir}/seed.ndjson`;
    const written = await sandbox.run(['seed', '--people', '6', '--seed', 'repeatable', '--out', file]);
    expect(written.code).toBe(0);
    const events = readNdjsonFile(file);
    expect(written.stderr).toBe(`wrote ${events.length} events for 6 people to ${file}\n`);

    const first = await sandbox.run(['seed', '--people', '6', '--seed', 'repeatable']);
    expect(first).toMatchObject({ code: 0, stdout: `generated ${events.length} events for 6 people: appended ${events.length}, already present 0\n` });
    // Same seed again: the same event ids, so nothing new.
    const again = await sandbox.run(['seed', '--people', '6', '--seed', 'repeatable']);
    expect(again.stdout).toBe(`generated ${events.length} events for 6 people: appended 0, already present ${events.length}\n`);

    const exported = await sandbox.run(['export', '--purpose', 'seed check']);
    const stored = exported.stdout.trim().split('\n').map((line) => JSON.parse(line).eventId);
    expect(new Set(stored)).toEqual(new Set(events.map((event) => event.eventId)));
  });

  it('rebuilds the read models from the log', async () => {
    const { rows } = await sandbox.db.pool.query('SELECT max(position)::int AS head FROM ledger_events');
    const run = await sandbox.run(['replay', '--projection', 'resolved-events']);
    expect(run).toMatchObject({ code: 0, stdout: `rebuilt resolved-events from the log up to position ${rows[0].head}\n` });
    const unknown = await sandbox.run(['replay', '--projection', 'nonsense']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown projection "nonsense" \(known: .*resolved-events/);
  });
});
