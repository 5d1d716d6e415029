import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ALL_MIGRATIONS } from '../../libs/application/src/runtime/migrations';
import { createTestDatabase, TestDatabase } from '../support/test-database';

/** The compiled CLI, exactly as `npx ledger` runs it (`npm test` builds it first). */
export const CLI_ENTRY = path.resolve(__dirname, '../../dist/apps/cli/src/main.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * A fresh ledger for one suite: its own database (DATABASE_URL) and data directory (secret.key),
 * and `run` to call the CLI on it as a child process.
 */
export interface CliSandbox {
  db: TestDatabase;
  dataDir: string;
  tmpDir: string;
  run(args: string[], extraEnv?: Record<string, string>): Promise<CliRun>;
  cleanup(): Promise<void>;
}

export async function createCliSandbox(): Promise<CliSandbox> {
  if (!fs.existsSync(CLI_ENTRY)) throw new Error(`${CLI_ENTRY} is missing: run npm run build (npm test does it first)`);
  const db = await createTestDatabase(ALL_MIGRATIONS, 2);
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-cli-'));
  const dataDir = path.join(tmpDir, 'data');
  return {
    db,
    dataDir,
    tmpDir,
    run: (args, extraEnv = {}) => runCli(args, { DATABASE_URL: db.url, LEDGER_DATA_DIR: dataDir, ...extraEnv }),
    async cleanup() {
      await db.drop();
      fs.rmSync(tmpDir, { recursive: true, force: true });
    },
  };
}

export function runCli(args: string[], env: Record<string, string>): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const { DEBUG: _debug, EVENTSTORE_URL: _eventStore, ...inherited } = process.env;
    const child = spawn(process.execPath, [CLI_ENTRY, ...args], { env: { ...inherited, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export function writeNdjsonFile(dir: string, name: string, lines: Array<object | string>): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n') + '\n');
  return file;
}

export function readNdjsonFile(file: string): Array<Record<string, any>> {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line));
}

/** Builds hand-made events: valid envelopes with fresh ids, in the shapes of interchange.md. */
export function eventOf(personId: string, type: string, occurredAt: string, data: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return { eventId: randomUUID(), type, personId, occurredAt, area: 'hampshire-iow', source: { system: 'manual' }, data, ...extra };
}

export function registration(personId: string, occurredAt: string, extra: Record<string, unknown> = {}, data: Record<string, unknown> = {}) {
  return eventOf(personId, 'person.registered', occurredAt, { identifiers: [{ type: 'crn', value: `X${personId}` }], dateOfBirth: '1990-06-15', gender: 'male', ...data }, extra);
}
