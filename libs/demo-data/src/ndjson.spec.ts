import { Writable } from 'node:stream';
import type { NewEvent } from '@ledger/domain';
import { writeNdjson } from './ndjson';
import { generatePopulation } from './population';

/** A stream that accepts one chunk per event-loop turn and buffers almost nothing. */
class SlowSink extends Writable {
  text = '';
  lines = 0;
  constructor() {
    super({ highWaterMark: 1024 });
  }
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    const text = chunk.toString();
    this.text += text;
    this.lines += text.split('\n').length - 1;
    setImmediate(done);
  }
}

describe('writeNdjson', () => {
  it('writes one JSON object per line, returns the count and leaves the stream open', async () => {
    const events = [...generatePopulation({ people: 20 })];
    const sink = new SlowSink();
    const written = await writeNdjson(events, sink);
    expect(written).toBe(events.length);
    const lines = sink.text.split('\n');
    expect(lines.pop()).toBe(''); // every line, the last too, ends with a newline
    expect(lines.map((line) => JSON.parse(line) as NewEvent)).toEqual(events);
    expect(sink.writableEnded).toBe(false);
  });

  it('pulls events only as fast as a slow stream takes them (back-pressure)', async () => {
    const total = 30_000;
    let pulled = 0;
    let maxAhead = 0;
    const sink = new SlowSink();
    function* source(): Generator<NewEvent> {
      for (const event of generatePopulation({ people: 5000, seed: 'back-pressure' })) {
        if (pulled === total) return;
        pulled++;
        maxAhead = Math.max(maxAhead, pulled - sink.lines);
        yield event;
      }
    }
    await writeNdjson(source(), sink);
    // Without back-pressure all 30,000 would be pulled before the sink took the first. With it,
    // at most the readable's 16 buffered chunks of 64 KB (about 150 events each) run ahead.
    expect(maxAhead).toBeLessThan(total / 10);
  });
});
