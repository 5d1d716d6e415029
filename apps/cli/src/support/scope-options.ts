import { Command, Option } from 'commander';
import type { ReportScope } from '@ledger/application';
import { area, instantOrDate } from './options';

export interface ScopeOptions {
  asOf?: string;
  area?: string;
  json?: boolean;
}

/** `--as-of`, `--area` and `--json`: every report and the timeline take them (contract.md). */
export function withScopeOptions(command: Command): Command {
  return command
    .addOption(new Option('--as-of <instant>', 'as known at this instant (a date: the end of that London day): only what had been recorded by then').argParser(instantOrDate))
    .addOption(new Option('--area <area>', 'only this partnership area, e.g. hampshire-iow').argParser(area))
    .option('--json', 'the same JSON as the matching HTTP endpoint');
}

export function scopeOf(options: ScopeOptions): ReportScope {
  const scope: ReportScope = {};
  if (options.asOf) scope.asOf = options.asOf;
  if (options.area) scope.area = options.area;
  return scope;
}

/** " (as known at T, area A)" for report headings. */
export function describeScope(options: ScopeOptions): string {
  const parts = [options.asOf && `as known at ${options.asOf}`, options.area && `area ${options.area}`].filter(Boolean);
  return parts.length ? ` (${parts.join(', ')})` : '';
}
