import type { LinesChecked, NumberedLine } from '@ledger/application';

/** Checks lines of an import file somewhere else (ValidationWorkers: a thread each). */
export interface LineChecker {
  /** Chunks it checks at the same time. */
  readonly size: number;
  checkLines(lines: NumberedLine[], now: number): Promise<LinesChecked>;
}

/** What the lines up to the end of one chunk came to, handed over in line order. */
export interface ChunkChecked extends LinesChecked {
  /** Bytes of the file read up to the end of this chunk (for a progress bar). */
  bytesThrough: number;
}

/**
 * Checks every line, `chunkSize` at a time, keeping every checker busy with at most two chunks
 * each in flight (memory stays bounded by the chunk, not the file), and hands each chunk's
 * findings to `take` in line order, whichever chunk is answered first.
 */
export async function checkEveryLine(
  lines: AsyncIterable<NumberedLine>,
  checker: LineChecker,
  now: number,
  take: (chunk: ChunkChecked) => void,
  chunkSize = 1000,
): Promise<void> {
  const inFlight: Array<{ checked: Promise<LinesChecked>; bytesThrough: number }> = [];
  const takeOldest = async () => {
    const { checked, bytesThrough } = inFlight.shift()!;
    take({ ...(await checked), bytesThrough });
  };
  let chunk: NumberedLine[] = [];
  let bytesRead = 0;
  const send = async () => {
    const checked = checker.checkLines(chunk, now);
    checked.catch(() => undefined); // raised in order, by takeOldest
    inFlight.push({ checked, bytesThrough: bytesRead });
    chunk = [];
    if (inFlight.length >= 2 * checker.size) await takeOldest();
  };
  for await (const line of lines) {
    bytesRead += Buffer.byteLength(line.text) + 1;
    chunk.push(line);
    if (chunk.length === chunkSize) await send();
  }
  if (chunk.length > 0) await send();
  while (inFlight.length > 0) await takeOldest();
}
