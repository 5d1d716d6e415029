import type { Pool } from 'pg';
import { isoInstantSql } from '@ledger/event-store';
import {
  chronological,
  INDEX_TYPES,
  MappaCategory,
  MappaLevel,
  MappaReviews,
  MappaSnapshot,
  REOFFENCE_MONTHS,
  registrationOf,
  ReoffendingPerson,
  ResolvedEvent,
  reviewsOf,
  tallySnapshot,
} from '../measures';

/**
 * Facts of some types wanted only when dated within [from, toExclusive): a measure that ignores
 * them otherwise (the reoffending quarter's custody releases and sentences, which only ever open a
 * cohort place) need not read a person's whole history of them.
 */
export interface DatedWithin {
  types: readonly string[];
  from: string;
  toExclusive: string;
}

/** The condition for `within`, its values added to `params`; empty without one. */
function datedWithin(params: unknown[], within: DatedWithin | undefined): string {
  if (!within) return '';
  const types = params.push([...within.types]);
  const from = params.push(within.from);
  const to = params.push(within.toExclusive);
  return ` AND (type <> ALL($${types}) OR (occurred_date >= $${from} AND occurred_date < $${to}))`;
}

/** The columns every read of resolved facts selects, in the shape `toResolved` maps. */
export const RESOLVED_COLUMNS = `event_id, person_id, original_person_id, type, occurred_at, to_char(occurred_date, 'YYYY-MM-DD') AS occurred_date,
                 ${isoInstantSql('recorded_at')} AS recorded_at, area, data, position, corrected`;

/** The resolved-events projection's name, which keys its checkpoint. */
export const RESOLVED_EVENTS = 'resolved-events';

/** A person as the read model knows them now (see `personWithCheckpoint`). */
export interface PersonNow {
  /** Who the record asked about counts as (itself unless merged into another). */
  personId: string;
  /** Every record that counts as that person, in id order. */
  records: string[];
  /** The areas those records were made in, in order; empty when the ledger knows no such person. */
  areas: string[];
}

/** Reads the current resolved view (see ResolvedEventsProjection) for reports and summaries. */
export class ResolvedEventsReader {
  constructor(private readonly pool: Pool, private readonly schema = 'proj_resolved') {}

  /** Facts of the given types, all people (reports filter areas themselves). */
  async ofTypes(types: readonly string[]): Promise<ResolvedEvent[]> {
    const { rows } = await this.pool.query(`SELECT ${RESOLVED_COLUMNS} FROM ${this.schema}.events WHERE type = ANY($1) ORDER BY position`, [types]);
    return rows.map(toResolved);
  }

  /**
   * Facts of the given types recorded by `asOf` (an instant), of every record except `excluded`,
   * in no particular order: the caller merges them with the facts it folds itself and sorts once
   * (sorted here, a quarter's facts at 100,000 people spilled to disk). Only right "as known at"
   * for records no correction, retraction or merge ever touched: see FactSource.ofTypes.
   */
  async ofTypesRecordedBy(types: readonly string[], asOf: string, excluded: readonly string[]): Promise<ResolvedEvent[]> {
    const { rows } = await this.pool.query(
      `SELECT ${RESOLVED_COLUMNS} FROM ${this.schema}.events
        WHERE type = ANY($1) AND recorded_at <= $2 AND original_person_id NOT IN (SELECT unnest($3::text[]))`,
      [types, asOf, excluded],
    );
    return rows.map(toResolved);
  }

  /**
   * Facts of the given types of the given records, recorded by `asOf` (an instant), in no
   * particular order (as above); of `within.types` only those dated within its period.
   */
  async ofTypesRecordedByFor(types: readonly string[], asOf: string, records: readonly string[], within?: DatedWithin): Promise<ResolvedEvent[]> {
    if (records.length === 0) return [];
    const params: unknown[] = [types, asOf, records];
    const { rows } = await this.pool.query(
      `SELECT ${RESOLVED_COLUMNS} FROM ${this.schema}.events
        WHERE type = ANY($1) AND recorded_at <= $2 AND original_person_id = ANY($3)${datedWithin(params, within)}`,
      params,
    );
    return rows.map(toResolved);
  }

  /** Facts of the given types of the given (surviving) people only; of `within.types` only those dated within its period. */
  async ofTypesFor(types: readonly string[], personIds: readonly string[], within?: DatedWithin): Promise<ResolvedEvent[]> {
    if (personIds.length === 0) return [];
    const params: unknown[] = [types, personIds];
    const { rows } = await this.pool.query(
      `SELECT ${RESOLVED_COLUMNS} FROM ${this.schema}.events WHERE type = ANY($1) AND person_id = ANY($2)${datedWithin(params, within)} ORDER BY position`,
      params,
    );
    return rows.map(toResolved);
  }

  /**
   * Everyone ever adopted onto an IOM cohort (as the people they count as now); with `recordedBy`
   * (an instant), only adoptions recorded by then (right for records nothing reshaped, see
   * FactSource.ofTypesForPeople).
   */
  async cohortMembers(cohortId: string, recordedBy?: string): Promise<string[]> {
    const { rows } = await this.pool.query<{ person_id: string }>(
      `SELECT DISTINCT person_id FROM ${this.schema}.events
        WHERE type = 'iom.adopted' AND data->>'cohortId' = $1 AND ($2::timestamptz IS NULL OR recorded_at <= $2)`,
      [cohortId, recordedBy ?? null],
    );
    return rows.map((row) => row.person_id);
  }

  /**
   * The people with a fact of these types dated in [from, toExclusive), recorded by `recordedBy`
   * (an instant): the reoffending cohort's candidates as known then, for records nothing reshaped.
   */
  async peopleWithFactsIn(types: readonly string[], from: string, toExclusive: string, recordedBy: string): Promise<string[]> {
    const { rows } = await this.pool.query<{ person_id: string }>(
      `SELECT DISTINCT person_id FROM ${this.schema}.events
        WHERE type = ANY($1) AND occurred_date >= $2 AND occurred_date < $3 AND recorded_at <= $4`,
      [types, from, toExclusive, recordedBy],
    );
    return rows.map((row) => row.person_id);
  }

  /**
   * Everyone with an index-type fact in [from, toExclusive), with those facts, the proven offences
   * that can count for them (from the proven-offences read model) and their registration: all the
   * reoffending measure needs, in three indexed queries.
   *
   * A reoffence is committed after the index date (on or after `from`) and at most
   * REOFFENCE_MONTHS after it (before `toExclusive`), so only offences dated after `from` and
   * less than REOFFENCE_MONTHS + 1 months after `toExclusive` are read: at 100,000 people about one proof in seven
   * of a quarter's offenders, and the measure's largest read. Each row is the offence's first proof, so nothing else depends on the rest.
   * Registrations are read only when asked for (a breakdown by gender or age needs them).
   */
  async reoffendingPeople(from: string, toExclusive: string, { registrations = true }: { registrations?: boolean } = {}): Promise<ReoffendingPerson[]> {
    const { rows: indexRows } = await this.pool.query(
      `SELECT ${RESOLVED_COLUMNS} FROM ${this.schema}.events WHERE type = ANY($1) AND occurred_date >= $2 AND occurred_date < $3`,
      [INDEX_TYPES, from, toExclusive],
    );
    const candidates = groupedBy(indexRows.map(toResolved), (fact) => fact.personId);
    const people = [...candidates.keys()];
    if (people.length === 0) return [];
    const [{ rows: proofRows }, { rows: registrationRows }] = await Promise.all([
      this.pool.query<{ person_id: string; offence_id: string; offence_date: string; proven_on: string }>(
        `SELECT person_id, offence_id, to_char(offence_date, 'YYYY-MM-DD') AS offence_date, to_char(proven_on, 'YYYY-MM-DD') AS proven_on
           FROM ${this.schema}.proven_offences
          WHERE person_id = ANY($1) AND offence_date > $2::date AND offence_date < $3::date + interval '${REOFFENCE_MONTHS + 1} months'`,
        [people, from, toExclusive],
      ),
      registrations
        ? this.pool.query(`SELECT ${RESOLVED_COLUMNS} FROM ${this.schema}.events WHERE type = 'person.registered' AND person_id = ANY($1)`, [people])
        : { rows: [] },
    ]);
    const proofs = groupedBy(proofRows, (row) => row.person_id);
    const registered = groupedBy(registrationRows.map(toResolved), (fact) => fact.personId);
    return people.map((personId) => ({
      personId,
      indexCandidates: chronological(candidates.get(personId)!),
      proven: (proofs.get(personId) ?? []).map((row) => ({ offenceId: row.offence_id, offenceDate: row.offence_date, provenOn: row.proven_on })),
      registration: registrationOf(registered.get(personId) ?? []),
    }));
  }

  /** The area of a cohort: that of its earliest adoption (null for an unknown cohort). */
  async cohortArea(cohortId: string): Promise<string | null> {
    const { rows } = await this.pool.query<{ area: string }>(
      `SELECT area FROM ${this.schema}.events WHERE type = 'iom.adopted' AND data->>'cohortId' = $1 ORDER BY occurred_date, position LIMIT 1`,
      [cohortId],
    );
    return rows[0]?.area ?? null;
  }

  /**
   * What a person read needs first, in one statement (so in one snapshot): who the record counts
   * as now, every record merged into that person (the record alone when unknown), the areas those
   * records were made in (access decisions; empty when unknown), and the checkpoint the read model
   * had reached in that same snapshot, so the caller can tell whether this answer already covers
   * the head of the log.
   */
  async personWithCheckpoint(personId: string): Promise<PersonNow & { checkpoint: number }> {
    const { rows } = await this.pool.query<{ checkpoint: string | null; person_id: string; known: boolean; records: string[]; areas: string[] }>({
      // Named (per schema), so each connection plans it once: every person read asks it.
      name: `${this.schema}.person_with_checkpoint`,
      text: `WITH asked AS (SELECT (SELECT person_id FROM ${this.schema}.persons WHERE original_person_id = $1) AS canonical)
        SELECT (SELECT position FROM ledger_projection_checkpoints WHERE name = $2) AS checkpoint,
               coalesce(asked.canonical, $1) AS person_id,
               asked.canonical IS NOT NULL AS known,
               ARRAY(SELECT original_person_id FROM ${this.schema}.persons WHERE person_id = asked.canonical ORDER BY original_person_id) AS records,
               ARRAY(SELECT DISTINCT area FROM ${this.schema}.events WHERE person_id = coalesce(asked.canonical, $1) ORDER BY area) AS areas
          FROM asked`,
      values: [personId, RESOLVED_EVENTS],
    });
    const row = rows[0];
    return {
      checkpoint: Number(row.checkpoint ?? 0),
      personId: row.person_id,
      records: row.known ? row.records : [personId],
      areas: row.areas,
    };
  }

  /** MAPPA snapshot at the end of day `at`, from the MAPPA segments read model. */
  async mappaSnapshot(at: string, area?: string): Promise<MappaSnapshot> {
    const { rows } = await this.pool.query<{ category: MappaCategory; level: MappaLevel; count: string }>(
      `SELECT category, level, count(*) AS count FROM ${this.schema}.mappa_segments
        WHERE active AND from_date <= $1 AND (to_date IS NULL OR to_date > $1) AND ($2::text IS NULL OR area = $2)
        GROUP BY category, level`,
      [at, area ?? null],
    );
    return tallySnapshot(at, rows.map((row) => ({ category: row.category, level: row.level, count: Number(row.count) })));
  }

  /** Level 2 and 3 cases in force at `at` with their next review due, from the MAPPA segments. */
  async mappaReviews(at: string, overdueOnly: boolean, area?: string): Promise<MappaReviews> {
    const { rows } = await this.pool.query(
      `SELECT person_id, category, level, lead_agency, to_char(review_base, 'YYYY-MM-DD') AS review_base FROM ${this.schema}.mappa_segments
        WHERE active AND level IN ('2', '3') AND from_date <= $1 AND (to_date IS NULL OR to_date > $1) AND ($2::text IS NULL OR area = $2)`,
      [at, area ?? null],
    );
    return reviewsOf(
      at,
      rows.map((row) => ({ personId: row.person_id, active: true, category: row.category, level: row.level, leadAgency: row.lead_agency, reviewBase: row.review_base })),
      overdueOnly,
    );
  }

  /** Every fact of the person a record belongs to now (following merges). */
  async forPerson(personId: string): Promise<ResolvedEvent[]> {
    const canonical = await this.canonicalPerson(personId);
    const { rows } = await this.pool.query(`SELECT ${RESOLVED_COLUMNS} FROM ${this.schema}.events WHERE person_id = $1 ORDER BY position`, [canonical ?? personId]);
    return rows.map(toResolved);
  }

  /** The surviving person a (possibly merged) record counts as; null when unknown. */
  async canonicalPerson(personId: string): Promise<string | null> {
    const { rows } = await this.pool.query<{ person_id: string }>(`SELECT person_id FROM ${this.schema}.persons WHERE original_person_id = $1`, [personId]);
    return rows[0]?.person_id ?? null;
  }
}

function groupedBy<T>(items: T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(keyOf(item));
    if (group) group.push(item);
    else groups.set(keyOf(item), [item]);
  }
  return groups;
}

export function toResolved(row: any): ResolvedEvent {
  return {
    eventId: row.event_id,
    type: row.type,
    personId: row.person_id,
    originalPersonId: row.original_person_id,
    occurredAt: row.occurred_at,
    occurredDate: row.occurred_date,
    recordedAt: row.recorded_at,
    area: row.area,
    data: row.data,
    position: Number(row.position),
    corrected: row.corrected,
  };
}
