import type { Command } from 'commander';
import { VerifyLedgerQuery } from '@ledger/application';
import type { VerifyReport } from '@ledger/event-store';
import { EXIT_FAILURE } from '../support/failure';
import { withLedger } from '../support/ledger-context';
import { printJson, printLine } from '../support/output';
import { startProgress } from '../support/progress';

export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description('check the hash chain of every stream and the append-only guarantees; exit 1 when anything is broken')
    .option('--json', 'the same JSON as GET /api/audit/verify')
    .action(async (options: { json?: boolean }) => {
      const report = await withLedger(async ({ store, queryBus }) => {
        const progress = startProgress('verifying', await store.headPosition());
        try {
          return await queryBus.execute<VerifyLedgerQuery, VerifyReport>(new VerifyLedgerQuery((checked) => progress.update(checked)));
        } finally {
          progress.stop();
        }
      });
      if (options.json) printJson(report);
      else printLine(describeVerifyReport(report));
      if (!report.intact) process.exitCode = EXIT_FAILURE;
    });
}

export function describeVerifyReport(report: VerifyReport): string {
  const checked = `${report.events} events in ${report.streams} streams, up to position ${report.headPosition}, checked at ${report.checkedAt}`;
  if (report.intact) return `intact: ${checked}`;
  const lines = [`BROKEN: ${checked}`];
  for (const broken of report.brokenStreams) {
    const where = broken.eventId ? `first broken event ${broken.eventId} (position ${broken.position}, version ${broken.version})` : `after version ${broken.version}`;
    lines.push(`  person ${broken.personId}: ${broken.problem}, ${where}: ${broken.message}`);
  }
  for (const gap of report.missingPositions) {
    lines.push(`  global log: position${gap.from === gap.to ? ` ${gap.from} is` : `s ${gap.from}-${gap.to} are`} missing`);
  }
  return lines.join('\n');
}
