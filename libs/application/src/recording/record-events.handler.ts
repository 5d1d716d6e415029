import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import type { NewEvent, StoredEvent } from '@ledger/domain/envelope';
import { checkStreamRules, STREAM_RULE_TYPES } from '@ledger/domain/rules/stream-rules';
import {
  EventStore,
  IdempotencyConflictError,
  RecordedAtInFutureError,
  sameContent,
  WrongExpectedVersionError,
} from '@ledger/event-store';
import { EVENT_STORE } from '../runtime/tokens';
import { PERSONAL_DATA, PersonalDataProtector } from './personal-data';
import { RecordEventsCommand, RecordEventsResult, RecordingPipeline } from './record-events.command';
import { RecordingProblem, RecordingRejectedError } from './recording-rejected.error';
import { ValidatedEvents } from './validated-events';

/** How often a request is re-checked when another writer got to one of its streams first. */
const MAX_ATTEMPTS = 5;

/**
 * Records a request all or nothing: validate every event (every problem reported), check the
 * domain rules against each person's stream, then append with the stream versions the rules
 * were checked against, so no concurrent writer can slip an event in between check and write.
 */
@CommandHandler(RecordEventsCommand)
export class RecordEventsHandler implements ICommandHandler<RecordEventsCommand, RecordEventsResult> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PERSONAL_DATA) private readonly personalData: PersonalDataProtector,
  ) {}

  async execute(command: RecordEventsCommand): Promise<RecordEventsResult> {
    const valid = command.events instanceof ValidatedEvents ? command.events : ValidatedEvents.of(command.events);
    const events = valid.events.map((event) =>
      command.recordedBy && event.recordedBy === undefined ? { ...event, recordedBy: command.recordedBy } : event,
    );
    let committedOnly = false;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.checkAndAppend(events, committedOnly, command.pipeline);
      } catch (error) {
        if (error instanceof RefusedOnProvisionalContext && !committedOnly) {
          // Checked against events still being written: check again once they are stored (or not).
          await error.settled;
          committedOnly = true;
          continue;
        }
        const retryable = error instanceof GuardVersionMoved && attempt < MAX_ATTEMPTS;
        if (!retryable) throw error instanceof GuardVersionMoved ? conflict(0, '', 'the stream kept changing; try again') : error;
      }
    }
  }

  private async checkAndAppend(events: NewEvent[], committedOnly: boolean, pipeline?: RecordingPipeline): Promise<RecordEventsResult> {
    // One read: the events already stored under these ids, each correction's target, and of each
    // person's stream its version and the events the rules look at.
    const personIds = [...new Set(events.map((e) => e.personId))];
    const targetIds = events.filter((e) => typeof e.data?.targetEventId === 'string').map((e) => String(e.data.targetEventId).toLowerCase());
    const context = await this.store.readForRecording({
      personIds,
      types: STREAM_RULE_TYPES,
      eventIds: [...events.map((e) => e.eventId.toLowerCase()), ...targetIds],
      committedOnly,
    });
    // A refusal drawn from events not yet stored is not final (see RecordingContext.provisional).
    const refuse = (refusal: RecordingRejectedError) => (context.provisional ? new RefusedOnProvisionalContext(context.provisional) : refusal);
    const found = new Map(context.events.map((e) => [e.eventId, e]));
    const protectedEvents = await this.personalData.protect(events, new Map(context.events.map((e) => [e.eventId, e.type])));
    const stored = new Map(events.map((e) => e.eventId.toLowerCase()).filter((id) => found.has(id)).map((id) => [id, found.get(id)!]));
    // A target in another person's stream stays unknown to this writer, as it always was.
    const targets = targetIds.map((id) => found.get(id)).filter((e): e is StoredEvent => e !== undefined && context.streams.has(e.personId));
    const streams = new Map([...context.streams].map(([personId, stream]) => [personId, withTargets(stream, targets, personId)]));

    // Replays of stored events are no-ops (or conflicts); only new events meet the rules.
    const fresh: Array<{ index: number; event: NewEvent }> = [];
    protectedEvents.forEach((event, index) => {
      const existing = stored.get(event.eventId.toLowerCase());
      if (!existing) fresh.push({ index, event });
      else if (!sameContent({ ...event, eventId: event.eventId.toLowerCase() }, existing)) {
        throw refuse(conflict(index, 'eventId', `event ${event.eventId} is already recorded with different content`));
      }
    });

    const byPerson = new Map<string, Array<{ index: number; event: NewEvent }>>();
    for (const item of fresh) {
      const items = byPerson.get(item.event.personId);
      if (items) items.push(item);
      else byPerson.set(item.event.personId, [item]);
    }

    const problems: RecordingProblem[] = [];
    let status: 400 | 409 = 400;
    for (const [personId, items] of byPerson) {
      // Rules see the plaintext the writer sent, not the ciphertext.
      const violations = checkStreamRules(streams.get(personId)!, items.map((item) => events[item.index]));
      for (const violation of violations) {
        problems.push({ index: items[violation.index].index, path: violation.path, message: violation.message });
        if (violation.status === 409) status = 409;
      }
    }
    if (problems.length > 0) throw refuse(new RecordingRejectedError(status, problems.sort((a, b) => a.index - b.index)));

    // Pin each stream at the version the rules were checked against (unless the writer pinned it).
    const guarded = new Set<string>();
    const toAppend = protectedEvents.map((event, index) => {
      if (stored.has(event.eventId.toLowerCase()) || guarded.has(event.personId)) return event;
      guarded.add(event.personId);
      if (event.expectedVersion !== undefined) return event;
      return { ...event, expectedVersion: context.heads.get(event.personId)?.version ?? 0, guard: true } as NewEvent;
    });

    // Pipelined: checked while the batch before was written; appended only once it is stored.
    if (pipeline) await pipeline.after;
    try {
      // The heads just read let the store hash before its lock (a hint: it re-plans if one moved).
      const results = await this.store.append(
        toAppend.map(({ guard, ...event }: any) => event),
        { expectedHeads: context.heads, onWriting: pipeline?.onWriting },
      );
      return {
        appended: results.map(({ eventId, position, version }) => ({ eventId, position, version })),
        stored: results.filter((result) => !result.duplicate).length,
      };
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        const index = toAppend.findIndex((event) => event.personId === error.personId && !stored.has(event.eventId.toLowerCase()));
        if ((toAppend[index] as any)?.guard) throw new GuardVersionMoved();
        throw conflict(Math.max(index, 0), 'expectedVersion', error.message);
      }
      if (error instanceof IdempotencyConflictError) {
        const index = toAppend.findIndex((event) => event.eventId.toLowerCase() === error.eventId);
        throw conflict(Math.max(index, 0), 'eventId', error.message);
      }
      if (error instanceof RecordedAtInFutureError) {
        const index = toAppend.findIndex((event) => event.eventId.toLowerCase() === error.eventId);
        throw new RecordingRejectedError(400, [{ index: Math.max(index, 0), path: 'recordedAt', message: 'recordedAt cannot be in the future' }]);
      }
      throw error;
    }
  }
}

/** A stream's rule-relevant events plus the correction targets in it, in version order, once each. */
function withTargets(stream: StoredEvent[], targets: StoredEvent[], personId: string): StoredEvent[] {
  const own = targets.filter((target) => target.personId === personId && !stream.some((e) => e.eventId === target.eventId));
  if (own.length === 0) return stream;
  return [...stream, ...new Map(own.map((e) => [e.eventId, e])).values()].sort((a, b) => a.version - b.version);
}

/** Another writer appended to a stream between our rule check and our append: check again. */
class GuardVersionMoved extends Error {}

/** A refusal drawn from a context that showed events still being written: checked again once they are over. */
class RefusedOnProvisionalContext extends Error {
  constructor(readonly settled: Promise<void>) {
    super('refused on a provisional context');
  }
}

function conflict(index: number, path: string, message: string): RecordingRejectedError {
  return new RecordingRejectedError(409, [{ index, path, message }]);
}
