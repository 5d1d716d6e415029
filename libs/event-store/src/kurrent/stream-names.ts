import { streamNameFilter } from '@kurrent/kurrentdb-client';

/**
 * How the ledger lays its events out in KurrentDB.
 *
 * - `person-<personId>`: each person's events, so KurrentDB's per-stream revision is the ledger's
 *   version minus one and its expected-revision check is the ledger's optimistic concurrency.
 *   KurrentDB's append API accepts only letters, digits, `.`, `-` and `_` in stream names, so any
 *   other character of a person id (and `_`, the escape) is written `_<hex code>_`: one stream per
 *   person still, and ordinary ids (`p-1a2b…`, `A1234BC`) are unchanged.
 * - `ledger-event-<eventId>`: one small record pointing at the event with that id. KurrentDB has
 *   no index by event id; these streams are that index, and writing one with "no stream expected"
 *   makes an eventId unique across all persons. Their prefix keeps them out of the global log.
 *
 * An optional namespace prefixes both, so several ledgers (or test runs: a KurrentDB database
 * cannot be dropped) share one cluster without seeing each other's events. Without one, the
 * `$ce-person` category projection, if enabled, groups every person stream.
 */
export class StreamNames {
  readonly personPrefix: string;
  readonly eventIdPrefix: string;

  constructor(readonly namespace = '') {
    this.personPrefix = `${namespace}person-`;
    this.eventIdPrefix = `${namespace}ledger-event-`;
  }

  person(personId: string): string {
    return `${this.personPrefix}${personId.replace(/[^A-Za-z0-9.-]/g, (char) => `_${char.charCodeAt(0).toString(16)}_`)}`;
  }

  eventId(eventId: string): string {
    return `${this.eventIdPrefix}${eventId}`;
  }

  isPersonStream(streamName: string): boolean {
    return streamName.startsWith(this.personPrefix);
  }

  /** The server-side filter of every $all read and subscription: person streams only. */
  personStreamsFilter() {
    return streamNameFilter({ prefixes: [this.personPrefix] });
  }
}
