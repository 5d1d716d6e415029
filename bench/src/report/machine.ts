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
  /**
   * Where the ledger's events are: its PostgreSQL event table, or KurrentDB at EVENTSTORE_URL
   * (read models and every baseline stay in PostgreSQL).
   */
  events: 'postgresql' | 'kurrentdb';
  date: string;
  /**
   * 1-minute load average when the run began: other work on the machine competes with the
   * ledger and its baselines alike, but not always evenly, so a loaded machine blurs the ratios.
   */
  loadAverageAtStart: number;
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
    events: process.env.EVENTSTORE_URL ? 'kurrentdb' : 'postgresql',
    date: new Date().toISOString(),
    loadAverageAtStart: Number(os.loadavg()[0].toFixed(2)),
  };
}

export function machineLines(machine: Machine): string[] {
  return [
    `machine:  ${machine.cpuModel}, ${machine.cores} cores, ${(machine.memoryBytes / 1024 ** 3).toFixed(1)} GiB memory, ${machine.os}`,
    `software: Node ${machine.node}; ${machine.postgres} (${machine.database === 'embedded' ? 'embedded, durable: fsync on' : 'DATABASE_URL'})`,
    `date:     ${machine.date}; load average ${machine.loadAverageAtStart} on ${machine.cores} cores`,
    ...(machine.events === 'kurrentdb'
      ? ['events:   in KurrentDB at EVENTSTORE_URL (a namespace of this run); read models and every baseline in the PostgreSQL above']
      : []),
  ];
}
