/** One line of the results table: a measured figure against one target. */
export interface Row {
  figure: string;
  ledger: string;
  /** The raw baseline measured in the same run, or '-' when the figure has none. */
  baseline: string;
  ratio: string;
  target: string;
  /** Null for a figure shown for comparison, with no target of its own. */
  pass: boolean | null;
}

/** What one measurement produced: its table rows, the raw numbers (for the JSON) and caveats. */
export interface FigureResult {
  name: string;
  rows: Row[];
  metrics: Record<string, number | string>;
  notes: string[];
}

export const formatRate = (perSecond: number) => `${Math.round(perSecond).toLocaleString('en-GB')} ev/s`;
export const formatMs = (ms: number) => `${ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : Math.round(ms).toLocaleString('en-GB')} ms`;
export const formatPercent = (ratio: number) => `${(ratio * 100).toFixed(0)}%`;
export const formatMiB = (bytes: number) => `${Math.round(bytes / 1024 ** 2).toLocaleString('en-GB')} MiB`;
export const formatCount = (n: number) => n.toLocaleString('en-GB');
export const formatKB = (bytes: number) => `${Math.round(bytes / 1000).toLocaleString('en-GB')} kB`;

/** A figure that could not be measured: it counts as missed, with the reason. */
export function failedFigure(name: string, error: unknown): FigureResult {
  const message = error instanceof Error ? error.message : String(error);
  return {
    name,
    rows: [{ figure: name, ledger: 'failed', baseline: '-', ratio: '-', target: '-', pass: false }],
    metrics: { error: message },
    notes: [`${name} failed: ${message}`],
  };
}
