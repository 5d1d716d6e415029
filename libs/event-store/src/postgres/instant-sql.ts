/**
 * A timestamptz column read as the ledger spells instants (see normaliseInstant): ISO-8601 UTC with
 * milliseconds, or six digits when it has a sub-millisecond part. Formatted by PostgreSQL rather
 * than parsed into a Date here, which would cut the microseconds and cost a parse per row.
 */
export function isoInstantSql(column: string): string {
  const utc = `${column} AT TIME ZONE 'UTC'`;
  return `CASE WHEN extract(microseconds FROM ${column})::bigint % 1000 = 0
               THEN to_char(${utc}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
               ELSE to_char(${utc}, 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') END`;
}
