import { createCliSandbox, CliSandbox, readNdjsonFile } from './cli-harness';

describe('ledger export, then import into another empty ledger', () => {
  let source: CliSandbox;
  let target: CliSandbox;
  beforeAll(async () => {
    [source, target] = await Promise.all([createCliSandbox(), createCliSandbox()]);
  });
  afterAll(async () => {
    await Promise.all([source.cleanup(), target.cleanup()]);
  });

  it('reproduces the same events, ids and hashes', async () => {
    const seeded = `${source.tmpDir}/seeded.ndjson`;
    expect((await source.run(['seed', '--people', '8', '--seed', 'export-test', '--out', seeded])).code).toBe(0);
    expect((await source.run(['import', seeded])).code).toBe(0);

    const exported = `${source.tmpDir}/export.ndjson`;
    const exportRun = await source.run(['export', '--out', exported, '--purpose', 'migration test']);
    expect(exportRun.code).toBe(0);
    const original = readNdjsonFile(exported);
    expect(exportRun.stderr).toBe(`exported ${original.length} events to ${exported}\n`);
    expect(original.length).toBe(readNdjsonFile(seeded).length);
    // Global order, with what the store assigned for auditors.
    expect(original.map((event) => event.position)).toEqual(original.map((_, index) => index + 1));
    expect(Object.keys(original[0])).toEqual(expect.arrayContaining(['eventId', 'recordedAt', 'data', 'position', 'version', 'hash', 'previousHash']));

    // The export itself is importable (position, version and hashes are the importing ledger's to assign).
    const imported = await target.run(['import', exported]);
    expect(imported).toMatchObject({ code: 0, stdout: `read ${original.length}, appended ${original.length}, already present 0\n` });

    const reexported = `${target.tmpDir}/reexport.ndjson`;
    expect((await target.run(['export', '--out', reexported, '--purpose', 'migration test'])).code).toBe(0);
    const copy = readNdjsonFile(reexported);
    const identity = (event: Record<string, any>) => ({ eventId: event.eventId, version: event.version, hash: event.hash, previousHash: event.previousHash });
    expect(copy.map(identity)).toEqual(original.map(identity));
    expect((await target.run(['verify'])).code).toBe(0);
  });

  it("exports one person's stream with --person", async () => {
    const all = readNdjsonFile(`${source.tmpDir}/export.ndjson`);
    const personId = all[0].personId;
    const run = await source.run(['export', '--person', personId, '--purpose', 'subject access request']);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(lines.map((event) => event.eventId)).toEqual(all.filter((event) => event.personId === personId).map((event) => event.eventId));
  });
});
