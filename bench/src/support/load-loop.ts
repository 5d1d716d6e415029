import { since } from './stats';

export interface LoadOptions {
  /** Concurrent callers, each waiting for its call to finish before starting the next. */
  concurrency: number;
  /** Stop after this many calls in all... */
  maxCalls: number;
  /** ...or once this many milliseconds have passed, whichever comes first. */
  maxMs: number;
}

export interface LoadResult {
  calls: number;
  elapsedMs: number;
  /** Duration of every call, in milliseconds. */
  latenciesMs: number[];
}

/**
 * A closed-loop load: `concurrency` callers each run `call(n)` (n = 0, 1, 2... across all
 * callers) back to back, bounded by a count and a time. A failing call stops the run with its
 * error: a figure built on refused requests would be meaningless.
 */
export async function runLoad(options: LoadOptions, call: (n: number) => Promise<void>): Promise<LoadResult> {
  const latenciesMs: number[] = [];
  const start = performance.now();
  let next = 0;
  let failure: unknown;
  const caller = async () => {
    while (failure === undefined && next < options.maxCalls && since(start) < options.maxMs) {
      const n = next++;
      const callStart = performance.now();
      try {
        await call(n);
      } catch (error) {
        failure ??= error;
        return;
      }
      latenciesMs.push(since(callStart));
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, caller));
  if (failure !== undefined) throw failure;
  return { calls: latenciesMs.length, elapsedMs: since(start), latenciesMs };
}
