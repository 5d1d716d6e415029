/**
 * Instants as the ledger keeps them: UTC, to the microsecond (as far as PostgreSQL's timestamptz
 * goes). "As known at T" compares a record's recordedAt with T, so a writer's
 * 12:00:00.000500Z must not become 12:00:00.000Z and count as known at 12:00:00.000Z.
 *
 * The spelling stays the one `toISOString` gives (milliseconds) unless the instant has a
 * sub-millisecond part; then it has six digits. One spelling per instant keeps hashes and
 * idempotent re-imports stable, and every instant stored before microseconds were kept reads the same.
 */

/** The fraction of a second, before the zone (`Z` or `±hh:mm`). */
const FRACTION = /\.(\d+)(?:Z|[+-]\d{2}:\d{2})$/;

/** Digits 4-6 of the fraction of a second ('000' without them). */
function microsecondDigits(instant: string): string {
  return (FRACTION.exec(instant)?.[1] ?? '').slice(3, 6).padEnd(3, '0');
}

/** True when the instant is written more precisely than a microsecond (a digit past the sixth is not 0). */
export function isFinerThanMicroseconds(instant: string): boolean {
  return /[1-9]/.test((FRACTION.exec(instant)?.[1] ?? '').slice(6));
}

/** The ledger's spelling of an instant: UTC, milliseconds, and microseconds when there are any (anything finer dropped). */
export function normaliseInstant(instant: string): string {
  const iso = new Date(instant).toISOString();
  const micros = microsecondDigits(instant);
  return micros === '000' ? iso : `${iso.slice(0, 23)}${micros}Z`;
}

/** Microseconds since the epoch: what orders instants and decides "recorded by T" (anything finer dropped). */
export function instantMicros(instant: string): number {
  return Date.parse(instant) * 1000 + Number(microsecondDigits(instant));
}
