import * as fs from 'node:fs';
import { once } from 'node:events';

/** Writes a chunk and waits when the stream asks us to (so a slow pipe never fills memory). */
export async function writeChunk(stream: NodeJS.WritableStream, chunk: string): Promise<void> {
  if (!stream.write(chunk)) await once(stream, 'drain');
}

/**
 * A file that appears under its name only once completely written: an interrupted export leaves
 * no half file that could later be imported as if whole.
 */
export async function writeFileAtomically(file: string, write: (stream: NodeJS.WritableStream) => Promise<void>): Promise<void> {
  const partial = `${file}.partial`;
  const stream = fs.createWriteStream(partial, { encoding: 'utf8' });
  try {
    await once(stream, 'open');
    await write(stream);
    stream.end();
    await once(stream, 'finish');
    fs.renameSync(partial, file);
  } catch (error) {
    stream.destroy();
    fs.rmSync(partial, { force: true });
    throw error;
  }
}
