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
  /** Duration of every call (or the part of it the call timed itself), in milliseconds. */
  latenciesMs: number[];
}

/**
 * A closed-loop load: `concurrency` callers each run `call(n)` (n = 0, 1, 2... across all
 * callers) back to back, bounded by a count and a time. A call that returns a number has timed
 * itself (say, to the last byte of an answer, leaving out checking it); otherwise its whole
 * duration counts. A failing call stops the run with its error: a figure built on refused
 * requests would be meaningless.
 */
export async function runLoad(options: LoadOptions, call: (n: number) => Promise<number | void>): Promise<LoadResult> {
  const latenciesMs: number[] = [];
  const start = performance.now();
  let next = 0;
  let failure: unknown;
  const caller = async () => {
    while (failure === undefined && next < options.maxCalls && since(start) < options.maxMs) {
      const n = next++;
      const callStart = performance.now();
      let timed: number | void;
      try {
        timed = await call(n);
      } catch (error) {
        failure ??= error;
        return;
      }
      latenciesMs.push(typeof timed === 'number' ? timed : since(callStart));
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, caller));
  if (failure !== undefined) throw failure;
  return { calls: latenciesMs.length, elapsedMs: since(start), latenciesMs };
}
