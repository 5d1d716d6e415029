import * as os from 'node:os';
import type { Pool } from 'pg';

export interface Machine {
  cpuModel: string;
  cores: number;
  memoryBytes: number;
  os: string;
  node: string;
  postgres: string;
  /** Where the PostgreSQL runs: the embedded one this run started, or DATABASE_URL's server. */
  database: 'embedded' | 'DATABASE_URL';
  date: string;
}

export async function describeMachine(pool: Pool, database: Machine['database']): Promise<Machine> {
  const { rows } = await pool.query<{ version: string }>('SELECT version()');
  return {
    cpuModel: os.cpus()[0]?.model?.trim() ?? 'unknown',
    cores: os.cpus().length,
    memoryBytes: os.totalmem(),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    postgres: rows[0].version,
    database,
    date: new Date().toISOString(),
  };
}

export function machineLines(machine: Machine): string[] {
  return [
    `machine:  ${machine.cpuModel}, ${machine.cores} cores, ${(machine.memoryBytes / 1024 ** 3).toFixed(1)} GiB memory, ${machine.os}`,
    `software: Node ${machine.node}; ${machine.postgres} (${machine.database === 'embedded' ? 'embedded, durable: fsync on' : 'DATABASE_URL'})`,
    `date:     ${machine.date}`,
  ];
}
