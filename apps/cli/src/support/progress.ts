import { Presets, SingleBar } from 'cli-progress';

/** Progress of a long task; does nothing unless stdout is a terminal (scripts and CI get no noise). */
export interface Progress {
  update(value: number, total?: number): void;
  /** A line of its own above the bar (e.g. a problem found while the bar runs). */
  note(text: string): void;
  stop(): void;
}

/** `counts: false` when value and total mean nothing to a reader (e.g. bytes of a file read). */
export function startProgress(label: string, total: number, { counts = true }: { counts?: boolean } = {}): Progress {
  if (!process.stdout.isTTY) {
    return { update: () => undefined, note: (text) => process.stderr.write(`${text}\n`), stop: () => undefined };
  }
  const bar = new SingleBar(
    { format: `${label} [{bar}] {percentage}%${counts ? ' | {value}/{total}' : ''} | {duration_formatted}`, hideCursor: true },
    Presets.shades_classic,
  );
  bar.start(total, 0);
  return {
    update(value, newTotal) {
      if (newTotal !== undefined) bar.setTotal(newTotal);
      bar.update(value);
    },
    note(text) {
      // Clear the bar's line, write the note, and let the next update draw the bar below it.
      process.stderr.write(`\r\x1b[K${text}\n`);
      bar.render();
    },
    stop: () => bar.stop(),
  };
}
