import { validateNewEvent, ValidationProblem } from '@ledger/domain/validation/validate-event';

/**
 * Fields the ledger adds to a stored event (interchange.md) and `ledger export` writes for
 * auditors. The importing ledger assigns its own, so they are dropped before validation, which
 * would otherwise refuse them as unknown. `recordedAt` is kept: it is part of the event's hash.
 */
export const STORE_ASSIGNED_FIELDS = ['position', 'version', 'hash', 'previousHash'] as const;

/** One line of an NDJSON file: 1-based, counting blank lines, as an editor shows it. */
export interface NumberedLine {
  number: number;
  text: string;
}

/** What checking some lines of an import file found. */
export interface LinesChecked {
  /** Lines holding a valid event (blank lines are neither events nor invalid). */
  events: number;
  /** Every invalid line with every problem, in line order. */
  invalid: Array<{ number: number; problems: ValidationProblem[] }>;
}

export type ImportLine =
  | { kind: 'blank' }
  | { kind: 'event'; event: Record<string, unknown> }
  | { kind: 'invalid'; problems: ValidationProblem[] };

/** One NDJSON line of an import: parsed, stripped of store-assigned fields and validated. */
export function parseImportLine(text: string, now: number = Date.now()): ImportLine {
  if (text.trim() === '') return { kind: 'blank' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { kind: 'invalid', problems: [{ path: '', message: `not valid JSON (${error.message})` }] };
  }
  const event = withoutStoreAssignedFields(parsed);
  const problems = validateNewEvent(event);
  // The ledger refuses a recordedAt in the future; finding it now keeps the import all or nothing.
  const recordedAt = (event as { recordedAt?: unknown })?.recordedAt;
  if (problems.length === 0 && typeof recordedAt === 'string' && Date.parse(recordedAt) > now) {
    problems.push({ path: 'recordedAt', message: 'recordedAt cannot be in the future' });
  }
  return problems.length > 0 ? { kind: 'invalid', problems } : { kind: 'event', event: event as Record<string, unknown> };
}

/** Lines checked with parseImportLine, tallied: `ledger import`'s first pass, a chunk at a time. */
export function checkImportLines(lines: readonly NumberedLine[], now: number): LinesChecked {
  const checked: LinesChecked = { events: 0, invalid: [] };
  for (const { number, text } of lines) {
    const line = parseImportLine(text, now);
    if (line.kind === 'event') checked.events += 1;
    else if (line.kind === 'invalid') checked.invalid.push({ number, problems: line.problems });
  }
  return checked;
}

/** An exported event as the importing ledger takes it: without the fields the exporting store assigned. */
export function withoutStoreAssignedFields(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const field of STORE_ASSIGNED_FIELDS) delete copy[field];
  return copy;
}
