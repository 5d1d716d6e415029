import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FigureResult, Row } from './figure';
import type { Machine } from './machine';

export interface RunDescription {
  command: string;
  /** The ledger's git commit, with `+changes` when the working tree differed from it (null outside git). */
  commit: string | null;
  scale: number;
  seed: string;
  interleavePeople: number;
  events: number;
  people: number;
  durationSeconds: number;
  /** 1-minute load average when the run ended (see Machine.loadAverageAtStart). */
  loadAverageAtEnd: number;
}

export interface BenchResults {
  machine: Machine;
  run: RunDescription;
  figures: FigureResult[];
  /** Every row passed. */
  allPassed: boolean;
}

/** Which code was measured. */
export function currentCommit(): string | null {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const changes = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return changes ? `${head}+changes` : head;
  } catch {
    return null;
  }
}

export function collectResults(machine: Machine, run: RunDescription, figures: FigureResult[]): BenchResults {
  return { machine, run, figures, allPassed: figures.every((figure) => figure.rows.every((row) => row.pass !== false)) };
}

export function writeResults(file: string, results: BenchResults): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
}

const HEADERS: Record<keyof Row, string> = { figure: 'figure', ledger: 'ledger', baseline: 'baseline', ratio: 'ratio', target: 'target', pass: 'result' };
const COLUMNS = Object.keys(HEADERS) as Array<keyof Row>;

/** The results as a plain-text table, then each figure's notes. */
export function resultsTable(figures: FigureResult[]): string {
  const cells = (row: Row) => COLUMNS.map((column) => (column === 'pass' ? (row.pass === null ? '-' : row.pass ? 'PASS' : 'MISS') : row[column]));
  const rows = [COLUMNS.map((column) => HEADERS[column]), ...figures.flatMap((figure) => figure.rows.map(cells))];
  const widths = COLUMNS.map((_, index) => Math.max(...rows.map((row) => row[index].length)));
  const line = (row: string[]) => row.map((cell, index) => cell.padEnd(widths[index])).join('  ').trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  const notes = figures.flatMap((figure) => figure.notes.map((note) => `- ${note}`));
  return [line(rows[0]), rule, ...rows.slice(1).map(line), ...(notes.length ? ['', 'notes:', ...notes] : [])].join('\n');
}
