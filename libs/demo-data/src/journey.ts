import type { SourceSystem } from '@ledger/domain/envelope';
import type { AreaProfile } from './areas';
import type { EventType } from '@ledger/domain/catalogue';
import type { PersonProfile } from './person-profile';
import type { Random } from './random';
import { DAY, HOUR, MINUTE, wholeSeconds } from './time';

/**
 * An event before its recording time is settled: what happened and when, and how long the source
 * system usually takes to tell the ledger. {@link recordJourney} turns drafts into NewEvents.
 */
export interface Draft {
  eventId: string;
  type: EventType;
  occurredMs: number;
  /** Emit occurredAt as a calendar date (court results, assessments, registrations). */
  dateOnly: boolean;
  /** Delay between occurrence and recording. */
  lagMs: number;
  /**
   * A late result (PNC court result keyed months after the hearing): recorded after events that
   * happened later, the out-of-order valid time every projection must cope with.
   */
  late: boolean;
  system: SourceSystem;
  reference?: string;
  data: Record<string, unknown>;
}

export interface DraftOptions {
  system: SourceSystem;
  reference?: string;
  dateOnly?: boolean;
  /** Overrides the system's usual recording delay. */
  lagMs?: number;
  late?: boolean;
}

/** How long each system usually takes between the event and the record reaching the ledger. */
const RECORDING_DELAY: Readonly<Record<SourceSystem, readonly [number, number]>> = {
  pnc: [5 * MINUTE, 8 * HOUR],
  court: [4 * HOUR, 3 * DAY],
  nomis: [1 * MINUTE, 2 * HOUR],
  ndelius: [10 * MINUTE, 2 * DAY],
  oasys: [1 * HOUR, 1 * DAY],
  visor: [1 * HOUR, 2 * DAY],
  'rj-service': [1 * DAY, 5 * DAY],
  manual: [10 * MINUTE, 1 * DAY],
};

/**
 * One person's journey while it is being written: the person, their area, the time horizon and
 * the drafts so far. Every chapter (court, custody, MAPPA, IOM...) writes through it.
 */
export class Journey {
  readonly drafts: Draft[] = [];
  /** Convictions so far: a longer record makes custody more likely and out-of-court disposal less. */
  convictions = 0;
  /** Probation and prison identifiers are linked the first time the person meets those services. */
  private readonly linked = new Set<string>();

  constructor(
    readonly rng: Random,
    readonly person: PersonProfile,
    readonly area: AreaProfile,
    readonly until: number,
  ) {}

  add(type: EventType, occurredMs: number, data: Record<string, unknown>, options: DraftOptions): Draft {
    const [minDelay, maxDelay] = RECORDING_DELAY[options.system];
    // A calendar-date event happens during the working day, not at midnight.
    const workingDayStart = options.dateOnly ? 9 * HOUR : 0;
    const draft: Draft = {
      eventId: this.rng.uuid(),
      type,
      occurredMs: wholeSeconds(occurredMs),
      dateOnly: options.dateOnly ?? false,
      lagMs: wholeSeconds(options.lagMs ?? workingDayStart + this.rng.between(minDelay, maxDelay)),
      late: options.late ?? false,
      system: options.system,
      reference: options.reference,
      data,
    };
    this.drafts.push(draft);
    return draft;
  }

  /** A reference such as `ARR-7F3K9Q2M0B`, unique for practical purposes (50 random bits). */
  newId(prefix: string): string {
    return `${prefix}-${this.rng.reference(10)}`;
  }

  /** Links an identifier (CRN, NOMS number, CRO, ViSOR) the first time the person needs it. */
  linkIdentifier(type: 'crn' | 'noms' | 'cro' | 'visor', at: number, system: SourceSystem): void {
    if (this.linked.has(type)) return;
    this.linked.add(type);
    const value = this.person.identifiers[type];
    this.add('person.identifier-linked', at, { identifier: { type, value } }, { system, reference: value });
  }

  /** Age in whole years at an instant. */
  ageAt(ms: number): number {
    return Math.floor((ms - this.person.dateOfBirthMs) / (365.25 * DAY));
  }
}
