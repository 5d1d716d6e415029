import { checkImportLines, type LinesChecked, type NumberedLine } from '@ledger/application';
import { ChunkChecked, checkEveryLine, LineChecker } from './line-checks';

/** Checks as checkImportLines does, `size` chunks at a time, each answered later than the one after it. */
class LateFirstChecker implements LineChecker {
  requested = 0;
  outstanding = 0;
  mostOutstanding = 0;
  constructor(readonly size: number) {}

  async checkLines(lines: NumberedLine[], now: number): Promise<LinesChecked> {
    const n = this.requested++;
    this.outstanding++;
    this.mostOutstanding = Math.max(this.mostOutstanding, this.outstanding);
    await new Promise((resolve) => setTimeout(resolve, 5 + 20 * (2 * this.size - 1 - (n % (2 * this.size)))));
    this.outstanding--;
    return checkImportLines(lines, now);
  }
}

async function* numbered(texts: string[]): AsyncGenerator<NumberedLine> {
  for (const [i, text] of texts.entries()) yield { number: i + 1, text };
}

const event = (n: number) =>
  JSON.stringify({
    eventId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    type: 'risk.rosh-assessed',
    personId: 'P1',
    occurredAt: '2024-01-11',
    area: 'dorset',
    source: { system: 'manual' },
    data: { level: 'low', tool: 'oasys' },
  });

describe('checkEveryLine', () => {
  const texts = Array.from({ length: 53 }, (_, i) => event(i + 1));
  const broken = [2, 9, 10, 31, 53];
  for (const number of broken) texts[number - 1] = `{"not json at line ${number}`;
  texts[19] = '';

  it('hands every chunk over in line order though later chunks are answered first, with every checker busy', async () => {
    const checker = new LateFirstChecker(2);
    const chunks: ChunkChecked[] = [];

    await checkEveryLine(numbered(texts), checker, Date.now(), (chunk) => chunks.push(chunk), 4);

    expect(checker.requested).toBe(14); // 53 lines, 4 a chunk
    expect(checker.mostOutstanding).toBe(4); // two chunks a checker
    expect(chunks.flatMap((chunk) => chunk.invalid.map((line) => line.number))).toEqual(broken);
    expect(chunks.reduce((sum, chunk) => sum + chunk.events, 0)).toBe(53 - broken.length - 1);
    const bytes = chunks.map((chunk) => chunk.bytesThrough);
    expect(bytes).toEqual([...bytes].sort((a, b) => a - b));
    expect(bytes.at(-1)).toBe(texts.reduce((sum, text) => sum + Buffer.byteLength(text) + 1, 0));
  });

  it('raises a checker failure in order, after the chunks before it were handed over', async () => {
    const checker = new LateFirstChecker(2);
    const failing: LineChecker = {
      size: 2,
      checkLines: (lines, now) => (lines[0].number === 9 ? Promise.reject(new Error('thread died')) : checker.checkLines(lines, now)),
    };
    const handed: number[] = [];

    await expect(checkEveryLine(numbered(texts), failing, Date.now(), (chunk) => handed.push(chunk.bytesThrough), 4)).rejects.toThrow('thread died');
    expect(handed).toHaveLength(2); // lines 1-4 and 5-8
  });
});
