import { generatePopulation } from './population';

describe('generatePopulation memory', () => {
  it('streams 1,000,000 events with bounded heap growth', () => {
    const events = 1_000_000;
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    let count = 0;
    for (const _event of generatePopulation({ people: 100_000, seed: 'memory' })) {
      if (++count % 25_000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
      if (count === events) break;
    }
    expect(count).toBe(events);
    // Holding a million events (about 1 KB each as objects) would take about 1 GB; streaming holds
    // one person's events at a time plus garbage not yet collected. Generous bound: 200 MB.
    expect(peak - before).toBeLessThan(200 * 1024 * 1024);
  }, 300_000);
});
