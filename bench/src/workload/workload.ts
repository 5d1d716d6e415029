import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import type { NewEvent } from '@ledger/domain/envelope';
import { DEFAULT_UNTIL, estimateEventsPerPerson, generatePopulation, writeNdjson } from '@ledger/demo-data';
import { heavyPerson } from './heavy-person';

/** The person whose 1,000-event timeline is read over HTTP. */
export const HEAVY_PERSON_EVENTS = 1000;
/** How many people the single-event appends pick from (enough that two clients rarely meet). */
const APPEND_TARGETS = 5000;

export interface PersonRef {
  personId: string;
  area: string;
}

export interface Workload {
  /** NDJSON, one event per line: the input of both the ledger's import and the raw COPY. */
  file: string;
  events: number;
  /** People of the generated population (the heavy person not counted). */
  people: number;
  /** People spread over the population, for the single-event appends. */
  appendTargets: PersonRef[];
  heavyPerson: PersonRef;
}

export interface WorkloadOptions {
  /** About this many events. */
  scale: number;
  seed: string;
  /**
   * The generator writes person after person; a live ledger's log interleaves everyone in
   * recording order. The events of each run of this many people are put in recordedAt order
   * (1: the generator's order).
   */
  interleavePeople: number;
}

/**
 * Writes the run's events to `file`: a demo-data population of about `scale` events (people =
 * scale / the generator's events per person), then the heavy person. Streams, so memory grows
 * with `interleavePeople`, not with the scale.
 */
export async function writeWorkload(file: string, options: WorkloadOptions): Promise<Workload> {
  const perPerson = estimateEventsPerPerson({ seed: options.seed, until: until() });
  const people = Math.max(1, Math.round((options.scale - HEAVY_PERSON_EVENTS) / perPerson));
  const step = Math.max(1, Math.floor(people / APPEND_TARGETS));
  const heavy: PersonRef = { personId: randomUUID(), area: 'hampshire-iow' };
  const appendTargets: PersonRef[] = [];
  let registered = 0;

  function* events(): Generator<NewEvent> {
    for (const event of interleaved(generatePopulation({ people, seed: options.seed, until: until() }), options.interleavePeople)) {
      // Every step-th registration (duplicate records included: they are streams like any other).
      if (event.type === 'person.registered' && registered++ % step === 0) appendTargets.push({ personId: event.personId, area: event.area });
      yield event;
    }
    yield* heavyPerson(heavy.personId, heavy.area, HEAVY_PERSON_EVENTS);
  }

  const out = fs.createWriteStream(file);
  const written = await writeNdjson(events(), out);
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return { file, events: written, people, appendTargets, heavyPerson: heavy };
}

/**
 * The events of each `people` consecutive streams in recordedAt order. The sort is stable and
 * each stream comes in recording order, so every stream keeps its own order.
 */
function* interleaved(events: Iterable<NewEvent>, people: number): Generator<NewEvent> {
  let window: NewEvent[] = [];
  let streams = 0;
  const flush = () => window.sort((a, b) => Date.parse(a.recordedAt!) - Date.parse(b.recordedAt!));
  for (const event of events) {
    if (event.type === 'person.registered' && streams++ === people) {
      yield* flush();
      window = [];
      streams = 1;
    }
    window.push(event);
  }
  yield* flush();
}

/** The generator's default end of history, or now if that is still to come: the ledger refuses a future recordedAt. */
function until(): string {
  return Date.parse(DEFAULT_UNTIL) < Date.now() ? DEFAULT_UNTIL : new Date().toISOString();
}
