/**
 * Samples this process's resident set size while some work runs, to report its peak. The
 * sampling timer runs on the same event loop as the work, so a long synchronous stretch delays a
 * sample but cannot hide memory that is still held when the loop next turns.
 */
export async function withPeakRss<T>(work: () => Promise<T>, intervalMs = 50): Promise<{ result: T; peakRssBytes: number }> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, intervalMs);
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { result, peakRssBytes: peak };
  } finally {
    clearInterval(timer);
  }
}
