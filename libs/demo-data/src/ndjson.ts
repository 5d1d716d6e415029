import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { NewEvent } from '@ledger/domain/envelope';

/** Lines are batched into chunks of about this many characters: one write per event is slow. */
const CHUNK_CHARS = 64 * 1024;

/**
 * Writes events as NDJSON (one JSON object per line) to `stream`, waiting whenever the stream
 * asks it to (back-pressure), and leaves the stream open (it may be stdout). Resolves with the
 * number of events written.
 */
export async function writeNdjson(events: Iterable<NewEvent>, stream: NodeJS.WritableStream): Promise<number> {
  let count = 0;
  function* chunks(): Generator<string> {
    let chunk = '';
    for (const event of events) {
      chunk += `${JSON.stringify(event)}\n`;
      count++;
      if (chunk.length >= CHUNK_CHARS) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk.length > 0) yield chunk;
  }
  await pipeline(Readable.from(chunks()), stream, { end: false });
  return count;
}
