import { parseImportLine } from './import-line';

const exported = {
  eventId: '0b7f3c1e-9a51-4c1e-8f1e-2f6f4f1a9b01',
  type: 'risk.rosh-assessed',
  personId: 'P1',
  occurredAt: '2024-01-11',
  recordedAt: '2024-01-12T09:00:00.000Z',
  area: 'dorset',
  data: { level: 'high', tool: 'oasys' },
  position: 7,
  version: 2,
  hash: 'a'.repeat(64),
  previousHash: 'b'.repeat(64),
};

describe('parseImportLine', () => {
  it('takes an exported event, dropping what the exporting store assigned and keeping recordedAt', () => {
    const { position, version, hash, previousHash, ...envelope } = exported;
    expect(parseImportLine(JSON.stringify(exported))).toEqual({ kind: 'event', event: envelope });
  });

  it('reports every problem of a line with its path', () => {
    const line = parseImportLine(JSON.stringify({ ...exported, area: 'Dorset', data: { level: 'extreme', tool: 'oasys' } }));
    expect(line.kind).toBe('invalid');
    expect(line.kind === 'invalid' && line.problems.map((problem) => problem.path).sort()).toEqual(['area', 'data.level']);
  });

  it('refuses a line that is not JSON, and a recordedAt in the future', () => {
    expect(parseImportLine('{"eventId":')).toMatchObject({ kind: 'invalid', problems: [{ path: '', message: expect.stringMatching(/^not valid JSON/) }] });
    const now = Date.parse('2024-01-12T08:00:00Z');
    expect(parseImportLine(JSON.stringify(exported), now)).toEqual({
      kind: 'invalid',
      problems: [{ path: 'recordedAt', message: 'recordedAt cannot be in the future' }],
    });
  });

  it('skips blank lines', () => {
    expect(parseImportLine('   ')).toEqual({ kind: 'blank' });
  });
});
