import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ClientBase } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/** One column's value as COPY's text format takes it (null and undefined are SQL NULL). */
export type CopyValue = string | number | boolean | null | undefined;

/**
 * Writes rows with `COPY ... FROM STDIN` (text format) on the given connection, inside whatever
 * transaction it is in. For batches of hundreds of rows this is the cheapest way in: PostgreSQL
 * parses COPY's tab-separated text far faster than the array parameters of an
 * `INSERT ... SELECT FROM unnest(...)` (measured on a 1M-event log: 1,000 events in 37-43 ms
 * through a staging table against 67-86 ms through arrays).
 *
 * @param target the table and its columns, e.g. `my_table (a, b, c)`; rows give values in that order
 * @returns the number of rows PostgreSQL reports copied
 */
export async function copyRows(client: ClientBase, target: string, rows: Iterable<readonly CopyValue[]>): Promise<number> {
  let text = '';
  for (const row of rows) text += copyTextRow(row);
  return copyChunks(client, target, [text]);
}

/** The same for text already in COPY's format (see copyTextRow), streamed chunk by chunk: memory stays one chunk. */
export async function copyChunks(client: ClientBase, target: string, chunks: Iterable<string> | AsyncIterable<string>): Promise<number> {
  const stream = client.query(copyFrom(`COPY ${target} FROM STDIN`));
  await pipeline(Readable.from(chunks), stream);
  return stream.rowCount;
}

/** One row in COPY's text format: tab-separated, `\N` for NULL, ending in a newline. */
export function copyTextRow(values: readonly CopyValue[]): string {
  return values.map(copyTextValue).join('\t') + '\n';
}

function copyTextValue(value: CopyValue): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'number') return String(value);
  return SPECIAL.test(value) ? value.replace(SPECIAL_ALL, (char) => ESCAPES[char]) : value;
}

// Backslash and the characters COPY's text format uses as delimiters must be escaped.
const SPECIAL = /[\\\n\r\t]/;
const SPECIAL_ALL = /[\\\n\r\t]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };
