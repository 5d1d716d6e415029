import { createCliSandbox, CliSandbox, registration, writeNdjsonFile } from './cli-harness';

describe('ledger forget', () => {
  let sandbox: CliSandbox;
  beforeAll(async () => {
    sandbox = await createCliSandbox();
    const history = [registration('P1', '2024-01-05', {}, { name: 'Alice Example' }), registration('P2', '2024-01-06', {}, { name: 'Bob Example' })];
    expect((await sandbox.run(['import', writeNdjsonFile(sandbox.tmpDir, 'people.ndjson', history)])).code).toBe(0);
  });
  afterAll(() => sandbox.cleanup());

  const nameOf = async (personId: string) => JSON.parse((await sandbox.run(['timeline', personId, '--json', '--purpose', 'erasure check'])).stdout).entries[0].data.name;

  it("erases one person's personal data and leaves every hash chain intact", async () => {
    expect(await nameOf('P1')).toBe('Alice Example');

    const run = await sandbox.run(['forget', 'P1', '--reason', 'erasure request 42', '--by', 'dpo']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^person P1 forgotten on \S+ by dpo: their personal data now reads as \[erased\]\n$/);

    expect(await nameOf('P1')).toBe('[erased]');
    expect(await nameOf('P2')).toBe('Bob Example');
    expect((await sandbox.run(['verify'])).code).toBe(0);

    const again = await sandbox.run(['forget', 'P1', '--reason', 'asked twice', '--by', 'dpo']);
    expect(again.stdout).toContain('was already forgotten');
    expect(again.stdout).toContain('(erasure request 42); nothing changed');
  });

  it('needs a reason (usage error) and a known person (failure)', async () => {
    expect((await sandbox.run(['forget', 'P2'])).code).toBe(2);
    expect(await sandbox.run(['forget', 'P404', '--reason', 'x'])).toMatchObject({ code: 1, stderr: 'error: no person "P404" in the ledger\n' });
  });
});
