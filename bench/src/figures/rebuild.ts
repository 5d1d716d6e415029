import { fork } from 'node:child_process';
import * as path from 'node:path';
import { FigureResult, formatCount, formatMiB, formatPercent, formatRate } from '../report/figure';
import { TARGETS } from '../report/targets';
import { perSecond } from '../support/stats';
import type { RebuildSide } from './rebuild-child';
import { childExecArgv } from '../support/child-profiling';

/**
 * Rebuild of every projection from zero (events/s and peak RSS of the process doing it),
 * against a raw read of the event table in global order with JSON parsing. Each side runs in a
 * child process of its own.
 */
export async function measureRebuild(databaseUrl: string, dataDir: string): Promise<FigureResult> {
  const baseline = await runSide('baseline', databaseUrl, dataDir);
  const ledger = await runSide('ledger', databaseUrl, dataDir);
  const ledgerRate = perSecond(ledger.events, ledger.elapsedMs);
  const baselineRate = perSecond(baseline.events, baseline.elapsedMs);
  const ratio = ledgerRate / baselineRate;
  const figure = `rebuild of every projection (${ledger.projections.join(', ')})`;
  const notes: string[] = [];
  if (ledger.events < TARGETS.rebuildRssAtEvents) {
    notes.push(`the RSS target is stated at ${formatCount(TARGETS.rebuildRssAtEvents)} events; this run rebuilt ${formatCount(ledger.events)}`);
  }
  if (ledger.appendedDuringRebuild > 0) {
    notes.push(`policies appended ${formatCount(ledger.appendedDuringRebuild)} event(s) while rebuilt (the bench imports through the append pipeline alone; ledger import would have run them)`);
  }
  return {
    name: 'rebuild',
    rows: [
      {
        figure: `${figure}: rate`,
        ledger: formatRate(ledgerRate),
        baseline: `${formatRate(baselineRate)} (read)`,
        ratio: formatPercent(ratio),
        target: `>= ${formatPercent(TARGETS.rebuildRatio)} of baseline`,
        pass: ratio >= TARGETS.rebuildRatio,
      },
      {
        figure: `${figure}: peak RSS`,
        ledger: formatMiB(ledger.peakRssBytes),
        baseline: formatMiB(baseline.peakRssBytes),
        ratio: '-',
        target: `< ${formatMiB(TARGETS.rebuildPeakRssBytes)} at ${formatCount(TARGETS.rebuildRssAtEvents)} events`,
        pass: ledger.peakRssBytes < TARGETS.rebuildPeakRssBytes,
      },
    ],
    metrics: {
      projections: ledger.projections.join(','),
      events: ledger.events,
      ledgerSeconds: ledger.elapsedMs / 1000,
      ledgerEventsPerSecond: ledgerRate,
      ledgerPeakRssBytes: ledger.peakRssBytes,
      appendedDuringRebuild: ledger.appendedDuringRebuild,
      baselineEventsPerSecond: baselineRate,
      baselinePeakRssBytes: baseline.peakRssBytes,
      ratio,
    },
    notes,
  };
}

function runSide(side: 'ledger' | 'baseline', databaseUrl: string, dataDir: string): Promise<RebuildSide> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(__dirname, 'rebuild-child.js'), [side], {
      execArgv: childExecArgv(),
      env: { ...process.env, BENCH_DATABASE_URL: databaseUrl, BENCH_DATA_DIR: dataDir },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let result: RebuildSide | undefined;
    child.on('message', (message) => (result = message as RebuildSide));
    child.on('error', reject);
    child.on('exit', (code) => (result && code === 0 ? resolve(result) : reject(new Error(`the ${side} rebuild process exited with code ${code}`))));
  });
}
