/** Writing results: JSON exactly as the HTTP API answers, or plain-text tables for people. */

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printLine(text = ''): void {
  process.stdout.write(`${text}\n`);
}

/** Diagnostics and summaries that must not mix with data written to stdout. */
export function printNote(text: string): void {
  process.stderr.write(`${text}\n`);
}

export type Cell = string | number | null | undefined;

/**
 * A plain-text table: a header, a rule, then the rows; numbers are right-aligned so figures line
 * up, and null or undefined shows as "-" (e.g. a reduction with nothing to reduce from).
 */
export function renderTable(headers: string[], rows: Cell[][]): string {
  const text = (cell: Cell) => (cell === null || cell === undefined ? '-' : String(cell));
  const numeric = headers.map((_, column) => rows.length > 0 && rows.every((row) => row[column] === null || row[column] === undefined || typeof row[column] === 'number'));
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => text(row[column]).length)));
  const format = (cells: string[]) =>
    cells
      .map((cell, column) => (numeric[column] ? cell.padStart(widths[column]) : cell.padEnd(widths[column])))
      .join('  ')
      .trimEnd();
  return [format(headers), widths.map((width) => '-'.repeat(width)).join('  ').trimEnd(), ...rows.map((row) => format(row.map(text)))].join('\n');
}
