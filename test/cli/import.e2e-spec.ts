import { CliSandbox, createCliSandbox, eventOf, registration, writeNdjsonFile } from './cli-harness';

async function storedCount(sandbox: CliSandbox): Promise<number> {
  const { rows } = await sandbox.db.pool.query('SELECT count(*)::int AS n FROM ledger_events');
  return rows[0].n;
}

describe('ledger import', () => {
  let sandbox: CliSandbox;
  beforeEach(async () => {
    sandbox = await createCliSandbox();
  });
  afterEach(() => sandbox.cleanup());

  it('stores nothing when a line in the middle is invalid, and names every invalid line with the field and reason', async () => {
    const file = writeNdjsonFile(sandbox.tmpDir, 'bad.ndjson', [
      registration('P1', '2024-01-05'),
      eventOf('P1', 'mappa.registered', '2024-01-10', { category: 2, level: 5, leadAgency: 'probation' }),
      eventOf('P1', 'risk.rosh-assessed', '2024-01-11', { level: 'high', tool: 'oasys' }),
      '{"eventId": "not json',
      eventOf('P1', 'risk.rosh-assessed', '2024-01-12', { level: 'medium', tool: 'oasys' }),
    ]);

    const result = await sandbox.run(['import', file]);

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^line 2: data\.level: /m);
    expect(result.stderr).toMatch(/^line 4: not valid JSON/m);
    expect(result.stderr).not.toMatch(/^line [135]:/m);
    expect(result.stderr).toContain('2 invalid lines');
    expect(result.stderr).toContain('nothing was imported');
    expect(await storedCount(sandbox)).toBe(0);
  });

  it('names the invalid lines of a long file in line order, counting blank lines, and imports it once fixed', async () => {
    // 3,500 lines: several chunks, checked on every core at once, whose answers may come back in any order.
    const lines: Array<object | string> = [registration('P1', '2024-01-05')];
    for (let i = 2; i <= 3500; i += 1) lines.push(eventOf('P1', 'risk.rosh-assessed', '2024-01-11', { level: 'low', tool: 'oasys' }));
    const broken = [3499, 17, 2001, 1000, 1001];
    for (const number of broken) lines[number - 1] = eventOf('P1', 'risk.rosh-assessed', '2024-01-11', { level: `wrong-${number}`, tool: 'oasys' });
    lines[1499] = ''; // a blank line is skipped, and still counted in the numbering
    const file = writeNdjsonFile(sandbox.tmpDir, 'long.ndjson', lines);

    const result = await sandbox.run(['import', file]);

    expect(result.code).toBe(1);
    const named = [...result.stderr.matchAll(/^line (\d+): data\.level: /gm)].map((match) => Number(match[1]));
    expect(named).toEqual([...broken].sort((a, b) => a - b));
    expect(result.stderr).toContain('5 invalid lines');
    expect(await storedCount(sandbox)).toBe(0);

    for (const number of broken) lines[number - 1] = eventOf('P1', 'risk.rosh-assessed', '2024-01-11', { level: 'low', tool: 'oasys' });
    writeNdjsonFile(sandbox.tmpDir, 'long.ndjson', lines);
    const fixed = await sandbox.run(['import', file]);
    expect(fixed).toMatchObject({ code: 0, stdout: 'read 3499, appended 3499, already present 0\n' });
    expect(await storedCount(sandbox)).toBe(3499);
  });

  it('imports a file once: importing it again appends nothing', async () => {
    const file = writeNdjsonFile(sandbox.tmpDir, 'history.ndjson', [
      registration('P1', '2024-01-05'),
      eventOf('P1', 'risk.rosh-assessed', '2024-01-11', { level: 'high', tool: 'oasys' }),
      registration('P2', '2024-02-01'),
    ]);

    const first = await sandbox.run(['import', file]);
    expect(first).toMatchObject({ code: 0, stdout: 'read 3, appended 3, already present 0\n' });

    const second = await sandbox.run(['import', file]);
    expect(second).toMatchObject({ code: 0, stdout: 'read 3, appended 0, already present 3\n' });
    expect(await storedCount(sandbox)).toBe(3);
  });

  it("records the automatic IOM adoptions of the area's policy, so a report straight after counts them; once", async () => {
    const warwickshire = { area: 'warwickshire' };
    const file = writeNdjsonFile(sandbox.tmpDir, 'warwickshire.ndjson', [
      registration('W1', '2023-01-01', { ...warwickshire, recordedAt: '2023-01-01T09:00:00Z' }),
      eventOf('W1', 'mappa.registered', '2023-01-10', { category: 2, level: 2, leadAgency: 'probation' }, { ...warwickshire, recordedAt: '2023-01-10T09:00:00Z' }),
      registration('W2', '2023-01-01', warwickshire),
      eventOf('W2', 'mappa.registered', '2023-01-10', { category: 1, level: 3, leadAgency: 'police' }, warwickshire),
    ]);

    const first = await sandbox.run(['import', file]);
    expect(first).toMatchObject({ code: 0, stdout: 'read 4, appended 4, already present 0\nrecorded 1 automatic IOM adoption (LEDGER_IOM_AUTO_ADOPTION)\n' });
    const report = async (asOf?: string) => {
      const result = await sandbox.run(['report', 'iom', '--cohort', 'warwickshire-iom-mappa', '--at', '2023-06-01', '--json', ...(asOf ? ['--as-of', asOf] : [])]);
      expect(result.code).toBe(0);
      return JSON.parse(result.stdout).members.map((member: { personId: string }) => member.personId);
    };
    expect(await report()).toEqual(['W1']);
    // Known from when the MAPPA registration was, though imported today.
    expect(await report('2023-01-10T09:00:00Z')).toEqual(['W1']);

    const second = await sandbox.run(['import', file]);
    expect(second).toMatchObject({ code: 0, stdout: 'read 4, appended 0, already present 4\n' });
    expect(await storedCount(sandbox)).toBe(5);
  });

  it('stops at a batch the domain rules refuse, naming its lines, and says which earlier batches stay stored', async () => {
    // Batches of 2: lines 1-2 are fine; line 3 is about a person never registered, so lines 3-4 are
    // refused, and lines 5-6 (already validated while 3-4 were written) are never sent.
    const file = writeNdjsonFile(sandbox.tmpDir, 'unregistered.ndjson', [
      registration('P1', '2024-01-05'),
      eventOf('P1', 'risk.rosh-assessed', '2024-01-11', { level: 'high', tool: 'oasys' }),
      eventOf('P9', 'risk.rosh-assessed', '2024-01-12', { level: 'low', tool: 'oasys' }),
      eventOf('P1', 'risk.rosh-assessed', '2024-01-13', { level: 'medium', tool: 'oasys' }),
      eventOf('P1', 'risk.rosh-assessed', '2024-01-14', { level: 'medium', tool: 'oasys' }),
      eventOf('P1', 'risk.rosh-assessed', '2024-01-15', { level: 'low', tool: 'oasys' }),
    ]);

    const result = await sandbox.run(['import', file, '--batch-size', '2']);

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^line 3: .*P9 has not been registered/m);
    expect(result.stderr).toContain('refused the batch of lines 3-4');
    expect(result.stderr).toContain('the 2 events before it were stored (2 new, 0 already present) and stay');
    expect(await storedCount(sandbox)).toBe(2);
  });

  it('is a usage error (exit 2) without a file, and a failure (exit 1) for a missing one', async () => {
    expect((await sandbox.run(['import'])).code).toBe(2);
    const missing = await sandbox.run(['import', `${sandbox.tmpDir}/nowhere.ndjson`]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(`error: no such file: ${sandbox.tmpDir}/nowhere.ndjson\n`);
  });
});
