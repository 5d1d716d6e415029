import { createTestDatabase, TestDatabase } from '../../../../test/support/test-database';
import { copyRows } from './copy-rows';

describe('copyRows (COPY FROM STDIN, PostgreSQL)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase([]);
    await db.pool.query('CREATE TABLE copied (id int, label text, flag boolean, data jsonb, at timestamptz)');
  });
  afterAll(() => db.drop());

  it('stores every value exactly as given: tabs, newlines, backslashes, JSON escapes, NULL, booleans', async () => {
    const awkward = 'tab\there, line\nbreak, back\\slash, \\N is not null, carriage\rreturn';
    const data = { quote: 'she said "no"', path: 'C:\\records\\2024', lines: 'a\nb', unicode: 'Ŵrexham ✓' };
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      const copied = await copyRows(client, 'copied (id, label, flag, data, at)', [
        [1, awkward, true, JSON.stringify(data), '2024-03-31T00:30:00.000Z'],
        [2, null, false, JSON.stringify(null), undefined],
      ]);
      await client.query('COMMIT');
      expect(copied).toBe(2);
    } finally {
      client.release();
    }
    const { rows } = await db.pool.query('SELECT id, label, flag, data, at FROM copied ORDER BY id');
    expect(rows).toEqual([
      { id: 1, label: awkward, flag: true, data, at: new Date('2024-03-31T00:30:00.000Z') },
      { id: 2, label: null, flag: false, data: null, at: null },
    ]);
  });

  it('writes nothing when PostgreSQL refuses a row, and says why', async () => {
    const client = await db.pool.connect();
    try {
      await expect(copyRows(client, 'copied (id, label)', [[10, 'fine'], ['not a number', 'refused']])).rejects.toThrow(/invalid input syntax for type integer/);
    } finally {
      client.release();
    }
    expect((await db.pool.query('SELECT count(*)::int AS n FROM copied WHERE id = 10')).rows[0].n).toBe(0);
  });
});
