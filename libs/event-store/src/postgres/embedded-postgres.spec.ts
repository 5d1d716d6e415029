import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';

/**
 * The embedded PostgreSQL shared by the server and the `ledger` commands, exercised the way they
 * use it: separate processes on one data directory (the compiled code; `npm test` builds first).
 */
const HOLDER = path.resolve(__dirname, '../../../../test/support/embedded-holder.js');

interface Opened {
  owned: boolean;
  adminUrl: string;
  started: string;
  /** The server's address as the holder's connection saw it: null through a Unix socket. */
  serverAddress: string | null;
  rows: any[] | null;
  messages: string[];
}

function open(dataDir: string, sql?: string): Promise<{ child: ChildProcessWithoutNullStreams; opened: Opened }> {
  const child = spawn(process.execPath, [HOLDER, dataDir, ...(sql ? [sql] : [])]);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (out.includes('\n')) resolve({ child, opened: JSON.parse(out.split('\n')[0]) });
    });
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('exit', (code) => reject(new Error(`holder exited with ${code}: ${err}`)));
  });
}

function release(child: ChildProcessWithoutNullStreams): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.on('exit', () => resolve());
    child.stdin.end();
  });
}

describe('embedded PostgreSQL in a data directory', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-embedded-'));
  beforeAll(() => {
    if (!fs.existsSync(path.resolve(__dirname, '../../../../dist/libs/event-store/src/postgres/embedded-postgres.js'))) {
      throw new Error('dist/ is missing: run `npm run build` (npm test does it first)');
    }
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('starts once for two processes asking together, on a recorded port that is not 5432; the other connects to it', async () => {
    const [a, b] = await Promise.all([open(dataDir), open(dataDir)]);
    const [owner, guest] = a.opened.owned ? [a, b] : [b, a];
    try {
      expect([a.opened.owned, b.opened.owned].sort()).toEqual([false, true]);
      expect(a.opened.adminUrl).toBe(b.opened.adminUrl);
      expect(a.opened.started).toBe(b.opened.started); // one and the same server
      const recorded = JSON.parse(fs.readFileSync(path.join(dataDir, 'postgres.json'), 'utf8'));
      expect(recorded.port).not.toBe(5432);
      // Both connect through the Unix socket in the instance's own directory...
      expect([a.opened.serverAddress, b.opened.serverAddress]).toEqual([null, null]);
      expect(new URL(a.opened.adminUrl).searchParams.get('host')).toBe(path.join(dataDir, 'pg'));
      // ...and the same instance answers on the recorded port over TCP, for psql and other tools.
      const overTcp = new Client({ host: '127.0.0.1', port: recorded.port, user: recorded.user, password: recorded.password, database: 'postgres' });
      await overTcp.connect();
      try {
        const { rows } = await overTcp.query('SELECT pg_postmaster_start_time()::text AS started, host(inet_server_addr()) AS address');
        expect(rows[0]).toEqual({ started: owner.opened.started, address: '127.0.0.1' });
      } finally {
        await overTcp.end();
      }
    } finally {
      // Let go of both whatever is found (the owner last: it stops the instance), or jest waits on them forever.
      await release(guest.child);
      await release(owner.child);
    }
    expect(fs.existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
  });

  it('connects over TCP, saying why, when the data directory is too deep for a Unix socket path', async () => {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-embedded-deep-'));
    // As root, PostgreSQL runs as the `postgres` user, who must be able to pass through.
    fs.chmodSync(parent, 0o711);
    const deepDir = path.join(parent, 'a-data-directory-nested-deep-enough'.repeat(3));
    try {
      const { child, opened } = await open(deepDir);
      try {
        expect(opened.serverAddress).toBe('127.0.0.1');
        expect(new URL(opened.adminUrl).searchParams.has('host')).toBe(false);
        expect(opened.messages.some((message) => /too long for a Unix socket/.test(message))).toBe(true);
      } finally {
        await release(child);
      }
    } finally {
      fs.rmSync(parent, { recursive: true, force: true });
    }
  });

  it('recovers the stale lock a crashed PostgreSQL leaves behind, saying so, and keeps the data', async () => {
    const first = await open(dataDir, 'CREATE TABLE survivor (n int); INSERT INTO survivor VALUES (42)');
    // PostgreSQL itself dies hard: its postmaster.pid stays behind naming a dead process.
    const pid = Number(fs.readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
    process.kill(pid, 'SIGKILL');
    for (let i = 0; i < 100; i++) {
      try {
        process.kill(pid, 0);
        await new Promise((resolve) => setTimeout(resolve, 50));
      } catch {
        break;
      }
    }
    first.child.kill('SIGKILL');
    const second = await open(dataDir, 'SELECT n FROM survivor');
    try {
      expect(second.opened.owned).toBe(true);
      expect(second.opened.messages.some((message) => /stale lock/.test(message) && message.includes(String(pid)))).toBe(true);
      expect(second.opened.rows).toEqual([{ n: 42 }]);
      // The dead server's socket is gone; only the new one's is left.
      const port = JSON.parse(fs.readFileSync(path.join(dataDir, 'postgres.json'), 'utf8')).port;
      expect(fs.readdirSync(path.join(dataDir, 'pg')).filter((name) => name.startsWith('.s.PGSQL.')).sort()).toEqual([`.s.PGSQL.${port}`, `.s.PGSQL.${port}.lock`]);
    } finally {
      await release(second.child);
    }
  });
});
