import type { Command } from 'commander';
import { PersonTimelineQuery } from '@ledger/application';
import { isEncryptedValue } from '@ledger/domain/validation/encrypted-value';
import type { Timeline, TimelineEntry } from '@ledger/projections';
import { londonDate } from '@ledger/projections/measures/london-dates';
import { withLedger } from '../support/ledger-context';
import { ReadPurposeOptions, recordCliRead, withReadPurpose } from '../support/access-record';
import { printJson, printLine } from '../support/output';
import { describeScope, ScopeOptions, withScopeOptions } from '../support/scope-options';

export type TimelineResult = Timeline & { countsAs: string };

export function registerTimeline(program: Command): void {
  withReadPurpose(
    withScopeOptions(
      program
        .command('timeline')
        .description("a person's chronology, with corrections and retractions marked")
        .argument('<person>', "the ledger's person id"),
    ),
  ).action(async (personId: string, options: ScopeOptions & ReadPurposeOptions) => {
    const timeline = await withLedger(async ({ queryBus, accessLog }) => {
      const found = await queryBus.execute<PersonTimelineQuery, TimelineResult>(new PersonTimelineQuery(personId, options.asOf));
      await recordCliRead(accessLog, options, { personId, action: 'person.timeline', what: `ledger timeline ${personId}${options.asOf ? ` --as-of ${options.asOf}` : ''}` });
      return found;
    });
    // --area narrows the chronology to what was recorded in that area (the query itself is per person).
    const shown = options.area ? { ...timeline, entries: timeline.entries.filter((entry) => entry.area === options.area) } : timeline;
    if (options.json) printJson(shown);
    else printLine(formatTimeline(shown, options));
  });
}

export function formatTimeline(timeline: TimelineResult, options: ScopeOptions = {}): string {
  const countsAs = timeline.countsAs && timeline.countsAs !== timeline.personId ? `, counted as ${timeline.countsAs} (merged)` : '';
  const heading = `Timeline of ${timeline.personId}${countsAs}${describeScope(options)}: ${timeline.entries.length} entr${timeline.entries.length === 1 ? 'y' : 'ies'}`;
  const typeWidth = Math.max(0, ...timeline.entries.map((entry) => entry.type.length));
  return [heading, ...timeline.entries.flatMap((entry) => formatEntry(entry, typeWidth))].join('\n');
}

function formatEntry(entry: TimelineEntry, typeWidth: number): string[] {
  const source = entry.source ? `  [${entry.source.system}${entry.source.reference ? ` ${entry.source.reference}` : ''}]` : '';
  const marks = [entry.corrected && 'CORRECTED', entry.retracted && 'RETRACTED'].filter(Boolean).join(' ');
  const lines = [`${londonDate(entry.occurredAt)}  ${entry.type.padEnd(typeWidth)}  ${keyData(entry.data)}${source}${marks ? `  ${marks}` : ''}`];
  for (const correction of entry.corrections ?? []) {
    lines.push(`            correction recorded ${londonDate(correction.recordedAt)}${correction.retracted ? ' (itself retracted)' : ''}: ${correction.reason}`);
  }
  if (entry.original) lines.push(`            first recorded as: ${londonDate(entry.original.occurredAt)}  ${keyData(entry.original.data)}`);
  if (entry.retraction) lines.push(`            retracted ${londonDate(entry.retraction.recordedAt)}: ${entry.retraction.reason}`);
  return lines;
}

/** Identifiers that mean nothing to a reader of the chronology (other events refer to them). */
const INTERNAL_IDS = new Set(['arrestId', 'convictionId', 'disposalId', 'sentenceId', 'licenceId', 'interventionId', 'rjCaseId']);
const MAX_KEY_DATA = 120;

/** The data fields that tell a reader what happened, on one line. */
export function keyData(data: Record<string, unknown>): string {
  const parts = Object.entries(data)
    .filter(([key, value]) => !INTERNAL_IDS.has(key) && value !== undefined && value !== null)
    .map(([key, value]) => `${key}: ${describeValue(key, value)}`);
  const text = parts.join('; ');
  return text.length > MAX_KEY_DATA ? `${text.slice(0, MAX_KEY_DATA - 3)}...` : text;
}

function describeValue(key: string, value: unknown): string {
  if (isEncryptedValue(value)) return '[encrypted]';
  if (Array.isArray(value)) {
    if (key === 'conditions') return `${value.length}`;
    return value.map((item) => describeItem(key, item)).join(', ');
  }
  if (typeof value === 'object') return describeItem(key, value);
  return String(value);
}

function describeItem(key: string, item: unknown): string {
  if (typeof item !== 'object' || item === null) return String(item);
  const record = item as Record<string, unknown>;
  if (key === 'offences') return `${record.category} ${record.offenceDate}`;
  if (key === 'identifiers' || key === 'identifier') return `${record.type} ${isEncryptedValue(record.value) ? '[encrypted]' : record.value}`;
  if (key === 'participants') return String(record.role);
  return JSON.stringify(item);
}
