import { createHash } from 'node:crypto';
import { canonicalJson } from '@ledger/event-store/hashing/canonical-json';
import { createTestDatabase, TestDatabase } from '../../../../test/support/test-database';
import { ACCESS_MIGRATIONS } from '../migrations';
import { AccessLog } from './access-log';
import { tamper as tamperWith } from '../../../../test/support/tamper';

describe('AccessLog (PostgreSQL)', () => {
  let db: TestDatabase;
  let log: AccessLog;
  let tick: number;

  beforeAll(async () => {
    db = await createTestDatabase(ACCESS_MIGRATIONS);
  });
  afterAll(() => db.drop());
  beforeEach(async () => {
    await tamper('TRUNCATE ledger_access_log, ledger_access_log_head');
    tick = 0;
    // One minute per entry from 09:00, so each entry's `at` is predictable.
    log = new AccessLog(db.pool, () => new Date(Date.UTC(2024, 5, 1, 9, tick++)));
  });

  const tamper = (sql: string, params: unknown[] = []) => tamperWith(db.pool, sql, params);

  async function recordFive() {
    for (const [subject, personId] of [['pc-jones', 'P-1'], ['ms-khan', 'P-2'], ['pc-jones', 'P-1'], ['auditor-1', 'P-1'], ['ms-khan', 'P-2']]) {
      await log.record({ subject, role: 'iom-lead', area: 'hampshire', personId, action: 'person.timeline', what: `GET /api/persons/${personId}/timeline`, purpose: 'IOM case review' });
    }
  }

  it('records who read a person, when and why, in order', async () => {
    await recordFive();
    const reads = await log.forPerson('P-1');
    // Entries 1, 3 and 4 were about P-1, at 09:00, 09:02 and 09:03.
    expect(reads.map((r) => [r.position, r.subject, r.at, r.purpose])).toEqual([
      [1, 'pc-jones', '2024-06-01T09:00:00.000Z', 'IOM case review'],
      [3, 'pc-jones', '2024-06-01T09:02:00.000Z', 'IOM case review'],
      [4, 'auditor-1', '2024-06-01T09:03:00.000Z', 'IOM case review'],
    ]);
    expect(reads[1]).toMatchObject({ role: 'iom-lead', area: 'hampshire', action: 'person.timeline', what: 'GET /api/persons/P-1/timeline' });
    expect(await log.forPerson('P-9')).toEqual([]);
  });

  it('chains every entry to the one before', async () => {
    const first = await log.record({ subject: 'a', role: 'auditor', action: 'audit.verify' });
    const second = await log.record({ subject: 'a', role: 'auditor', action: 'audit.access-log', personId: 'P-1', purpose: 'audit' });
    expect(first.previousHash).toBeNull();
    expect(second.previousHash).toBe(first.hash);
    expect(await log.verify()).toMatchObject({ intact: true, entries: 2, firstBreak: null });
  });

  it('keeps one unbroken chain when many requests record at once', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => log.record({ subject: `user-${i}`, role: 'auditor', action: 'person.read', personId: 'P-1' })));
    const reads = await log.forPerson('P-1');
    expect(reads.map((r) => r.position)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(await log.verify()).toMatchObject({ intact: true, entries: 20 });
  });

  it('keeps one chain when two processes write in turn and at once (each resumes from the head it last wrote)', async () => {
    const other = new AccessLog(db.pool);
    for (let i = 0; i < 3; i++) {
      await log.record({ subject: 'server', role: 'auditor', action: 'person.read', personId: 'P-1' });
      await log.record({ subject: 'server', role: 'auditor', action: 'person.read', personId: 'P-1' });
      await other.record({ subject: 'cli', role: 'auditor', action: 'person.read', personId: 'P-1' });
    }
    await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? log : other).record({ subject: `user-${i}`, role: 'auditor', action: 'person.read', personId: 'P-1' })));
    const reads = await log.forPerson('P-1');
    expect(reads.map((r) => r.position)).toEqual(Array.from({ length: 19 }, (_, i) => i + 1));
    expect(reads.slice(0, 9).map((r) => r.subject)).toEqual(['server', 'server', 'cli', 'server', 'server', 'cli', 'server', 'server', 'cli']);
    expect(await log.verify()).toMatchObject({ intact: true, entries: 19 });
  });

  it('refuses UPDATE, DELETE and TRUNCATE', async () => {
    await recordFive();
    await expect(db.pool.query(`UPDATE ledger_access_log SET purpose = 'curiosity'`)).rejects.toThrow(/append-only: UPDATE/);
    await expect(db.pool.query('DELETE FROM ledger_access_log WHERE position = 2')).rejects.toThrow(/append-only: DELETE/);
    await expect(db.pool.query('TRUNCATE ledger_access_log')).rejects.toThrow(/append-only: TRUNCATE/);
    expect(await log.verify()).toMatchObject({ intact: true, entries: 5 });
  });

  it('names an entry altered behind the triggers', async () => {
    await recordFive();
    await tamper(`UPDATE ledger_access_log SET purpose = 'curiosity' WHERE position = 3`);
    expect(await log.verify()).toMatchObject({ intact: false, firstBreak: { position: 3, problem: 'altered' } });
  });

  it('names an entry removed from the middle', async () => {
    await recordFive();
    await tamper('DELETE FROM ledger_access_log WHERE position = 2');
    expect(await log.verify()).toMatchObject({ intact: false, firstBreak: { position: 2, problem: 'missing', message: 'access log entry 2 is missing' } });
  });

  it('names entries removed from the end', async () => {
    await recordFive();
    await tamper('DELETE FROM ledger_access_log WHERE position >= 4');
    // Entries 4 and 5 are gone; 1-3 still chain, but the head says the log ends at 5.
    expect(await log.verify()).toMatchObject({ intact: false, entries: 3, firstBreak: { position: 4, problem: 'truncated' } });
  });

  it('names the entry after one replaced by a forgery with a correct hash of its own', async () => {
    await recordFive();
    const [first] = await log.forPerson('P-1');
    // The forger recomputes entry 2's hash over its new content, chained to entry 1 as before,
    // so entry 2 checks out on its own; entry 3 still names the original entry 2's hash.
    const forgery = { position: 2, at: '2024-06-01T09:01:00.000Z', subject: 'nobody', role: 'iom-lead', area: 'hampshire', personId: 'P-2', action: 'person.timeline', what: null, purpose: null, previousHash: first.hash };
    const hash = createHash('sha256').update(canonicalJson(forgery)).digest('hex');
    await tamper(
      `UPDATE ledger_access_log SET subject = $1, what = NULL, purpose = NULL, hash = $2 WHERE position = 2`,
      [forgery.subject, hash],
    );
    expect(await log.verify()).toMatchObject({ intact: false, firstBreak: { position: 3, problem: 'broken-link' } });
  });

  it('names the last entry when it was replaced by a self-consistent forgery', async () => {
    await recordFive();
    const [, fourth] = await log.forPerson('P-1').then((reads) => reads.filter((r) => r.position >= 3));
    // Entry 5 rewritten with a correct hash over new content, still chained to entry 4:
    // only the head, which remembers the hash of the entry written last, gives it away.
    const forgery = { position: 5, at: '2024-06-01T09:04:00.000Z', subject: 'nobody', role: 'iom-lead', area: 'hampshire', personId: 'P-2', action: 'person.timeline', what: null, purpose: null, previousHash: fourth.hash };
    const hash = createHash('sha256').update(canonicalJson(forgery)).digest('hex');
    await tamper(`UPDATE ledger_access_log SET subject = $1, what = NULL, purpose = NULL, hash = $2 WHERE position = 5`, [forgery.subject, hash]);
    expect(await log.verify()).toMatchObject({ intact: false, entries: 5, firstBreak: { position: 5, problem: 'altered' } });
  });
});
