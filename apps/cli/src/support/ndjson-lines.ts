import * as fs from 'node:fs';
import * as readline from 'node:readline';

import type { NumberedLine } from '@ledger/application';

/** The lines of a file, one at a time (a file of millions of events is never held in memory). */
export async function* readNumberedLines(file: string): AsyncGenerator<NumberedLine> {
  const input = fs.createReadStream(file, { encoding: 'utf8' });
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  let number = 0;
  try {
    for await (const text of lines) {
      number += 1;
      yield { number, text };
    }
  } finally {
    lines.close();
    input.destroy();
  }
}

/** Fails early, with one clear line, when the file cannot be read at all. */
export function assertReadableFile(file: string): number {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (error) {
    throw new Error(error.code === 'ENOENT' ? `no such file: ${file}` : `cannot read ${file}: ${error.message}`);
  }
  if (!stat.isFile()) throw new Error(`${file} is not a file`);
  return stat.size;
}
