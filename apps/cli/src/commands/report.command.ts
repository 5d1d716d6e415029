import { Command, Option } from 'commander';
import {
  IomCohortProgressQuery,
  IomCohortsQuery,
  MappaPeriodQuery,
  MappaReviewsQuery,
  MappaSnapshotQuery,
  ReoffendingQuery,
} from '@ledger/application';
import {
  IomCohort,
  IomCohortProgress,
  MAPPA_CATEGORIES,
  MAPPA_LEVELS,
  MappaPeriod,
  MappaReviews,
  MappaSnapshot,
  ProvenReoffending,
  ReoffendingFigures,
  todayInLondon,
} from '@ledger/projections';
import { usageError } from '../support/failure';
import { withLedger } from '../support/ledger-context';
import { calendarDate } from '../support/options';
import { Cell, printJson, printLine, renderTable } from '../support/output';
import { describeScope, ScopeOptions, scopeOf, withScopeOptions } from '../support/scope-options';

/** `ledger report <measure>`: the measures of domain.md, through the same queries as the HTTP API. */
export function registerReport(program: Command): void {
  const report = program.command('report').description('the measures of domain.md (MAPPA, IOM, proven reoffending)');

  withScopeOptions(report.command('mappa').description('MAPPA category x level snapshot at a date'))
    .addOption(dateOption('--at <date>', 'the date of the snapshot (default: today)'))
    .action((options: ScopeOptions & { at?: string }) =>
      run(options, new MappaSnapshotQuery(options.at ?? todayInLondon(), scopeOf(options)), (result: MappaSnapshot) => formatMappaSnapshot(result, options)),
    );

  withScopeOptions(report.command('mappa-period').description('MAPPA level 2 and 3 totals and returns to custody over [from, to]'))
    .addOption(dateOption('--from <date>', 'first day of the period').makeOptionMandatory())
    .addOption(dateOption('--to <date>', 'last day of the period (included)').makeOptionMandatory())
    .action((options: ScopeOptions & { from: string; to: string }) => {
      if (options.from > options.to) throw usageError(`--from ${options.from} is after --to ${options.to}`);
      return run(options, new MappaPeriodQuery(options.from, options.to, scopeOf(options)), (result: MappaPeriod) => formatMappaPeriod(result, options));
    });

  withScopeOptions(report.command('mappa-reviews').description('MAPPA level 2 and 3 cases with their next review due'))
    .addOption(dateOption('--at <date>', 'the date reviews are judged at (default: today)'))
    .option('--overdue', 'only reviews overdue at that date')
    .action((options: ScopeOptions & { at?: string; overdue?: boolean }) =>
      run(options, new MappaReviewsQuery(options.at ?? todayInLondon(), options.overdue ?? false, scopeOf(options)), (result: MappaReviews) =>
        formatMappaReviews(result, options),
      ),
    );

  withScopeOptions(report.command('iom').description("an IOM cohort's two-year offending reduction (without --cohort: the cohorts)"))
    .option('--cohort <id>', 'the cohort')
    .addOption(dateOption('--at <date>', 'the evaluation date (default: today)'))
    .action((options: ScopeOptions & { cohort?: string; at?: string }) => {
      if (!options.cohort) {
        if (options.at) throw usageError('--at needs --cohort');
        return run(options, new IomCohortsQuery(scopeOf(options)), (result: { cohorts: IomCohort[] }) => formatIomCohorts(result, options));
      }
      return run(options, new IomCohortProgressQuery(options.cohort, options.at ?? todayInLondon(), scopeOf(options)), (result: IomCohortProgress) =>
        formatIomProgress(result, options),
      );
    });

  withScopeOptions(report.command('reoffending').description('MoJ proven reoffending of the cohort indexed in [from, to)'))
    .addOption(dateOption('--from <date>', 'first day of the cohort period').makeOptionMandatory())
    .addOption(dateOption('--to <date>', 'end of the cohort period (excluded)').makeOptionMandatory())
    .addOption(new Option('--by <breakdown>', 'break the figures down').choices(['gender', 'age']))
    .action((options: ScopeOptions & { from: string; to: string; by?: 'gender' | 'age' }) => {
      if (options.from >= options.to) throw usageError(`--from ${options.from} must be before --to ${options.to} (the period excludes --to)`);
      return run(options, new ReoffendingQuery(options.from, options.to, options.by, scopeOf(options)), (result: ProvenReoffending) =>
        formatReoffending(result, options),
      );
    });
}

function dateOption(flags: string, description: string): Option {
  return new Option(flags, `${description}, YYYY-MM-DD`).argParser(calendarDate);
}

async function run<R>(options: ScopeOptions, query: object, format: (result: R) => string): Promise<void> {
  const result = await withLedger(({ queryBus }) => queryBus.execute<object, R>(query));
  if (options.json) printJson(result);
  else printLine(format(result));
}

export function formatMappaSnapshot(snapshot: MappaSnapshot, options: ScopeOptions = {}): string {
  const rows: Cell[][] = MAPPA_CATEGORIES.map((category) => [
    `Category ${category}`,
    ...MAPPA_LEVELS.map((level) => snapshot.table[category][level]),
    snapshot.totals.byCategory[category],
  ]);
  rows.push(['Total', ...MAPPA_LEVELS.map((level) => snapshot.totals.byLevel[level]), snapshot.totals.all]);
  return `MAPPA snapshot at ${snapshot.at}${describeScope(options)}\n${renderTable(['', ...MAPPA_LEVELS.map((level) => `Level ${level}`), 'Total'], rows)}`;
}

export function formatMappaPeriod(period: MappaPeriod, options: ScopeOptions = {}): string {
  const sum = (byCategory: Record<string, number>) => MAPPA_CATEGORIES.reduce((total, category) => total + byCategory[category], 0);
  const columns = [period.levelTotals['2'], period.levelTotals['3'], period.returnsToCustody['2'], period.returnsToCustody['3']];
  const rows: Cell[][] = MAPPA_CATEGORIES.map((category) => [`Category ${category}`, ...columns.map((column) => column[category])]);
  rows.push(['Total', ...columns.map(sum)]);
  const headers = ['', 'Level 2', 'Level 3', 'Recalled at level 2', 'Recalled at level 3'];
  return `MAPPA period ${period.from} to ${period.to} inclusive${describeScope(options)}\n${renderTable(headers, rows)}`;
}

export function formatMappaReviews(reviews: MappaReviews, options: ScopeOptions = {}): string {
  const rows: Cell[][] = reviews.reviews.map((review) => [
    review.personId,
    review.category,
    review.level,
    review.leadAgency,
    review.nextReviewDue,
    review.overdue ? 'OVERDUE' : '',
  ]);
  const headers = ['Person', 'Category', 'Level', 'Lead agency', 'Next review due', ''];
  return `MAPPA reviews at ${reviews.at}${describeScope(options)}: ${reviews.reviews.length}\n${renderTable(headers, rows)}`;
}

export function formatIomCohorts(result: { cohorts: IomCohort[] }, options: ScopeOptions = {}): string {
  const rows: Cell[][] = result.cohorts.map((cohort) => [cohort.cohortId, cohort.cohortType, cohort.area, cohort.members, cohort.current]);
  return `IOM cohorts${describeScope(options)}\n${renderTable(['Cohort', 'Type', 'Area', 'Ever adopted', 'Current'], rows)}`;
}

export function formatIomProgress(progress: IomCohortProgress, options: ScopeOptions = {}): string {
  const rows: Cell[][] = progress.members.map((member) => [
    member.personId,
    member.adoptedOn,
    member.windowDays,
    member.arrests.pre,
    member.arrests.post,
    member.reductionPercent.arrests,
    member.provenOffences.pre,
    member.provenOffences.post,
    member.reductionPercent.provenOffences,
  ]);
  const { cohort } = progress;
  rows.push(['Cohort', '', null, cohort.arrests.pre, cohort.arrests.post, cohort.reductionPercent.arrests, cohort.provenOffences.pre, cohort.provenOffences.post, cohort.reductionPercent.provenOffences]);
  const headers = ['Person', 'Adopted on', 'Days', 'Arrests pre', 'post', 'reduction %', 'Proven offences pre', 'post', 'reduction %'];
  return `IOM cohort ${progress.cohortId} at ${progress.at}${describeScope(options)}: two-year windows before and after adoption\n${renderTable(headers, rows)}`;
}

export function formatReoffending(result: ProvenReoffending, options: ScopeOptions = {}): string {
  const figures = (group: string, f: ReoffendingFigures): Cell[] => [group, f.offenders, f.reoffenders, f.reoffences, f.ratePercent, f.reoffencesPerReoffender, f.reoffencesPerOffender];
  const rows = [figures('All', result), ...result.breakdown.map((group) => figures(group.group, group))];
  const headers = ['', 'Offenders', 'Reoffenders', 'Reoffences', 'Rate %', 'Per reoffender', 'Per offender'];
  return `Proven reoffending, cohort indexed ${result.from} to ${result.to} (excluded)${describeScope(options)}\n${renderTable(headers, rows)}`;
}
