import { randomUUID } from 'node:crypto';
import { EVENT_CATALOGUE } from '@ledger/domain/catalogue';
import { generatePopulation } from '@ledger/demo-data';
import { parseImportLine } from './import-line';
import { RecordingRejectedError } from './recording-rejected.error';
import { ValidatedEvents } from './validated-events';
import { ValidationWorkers } from './validation-workers';

/** Validation on worker threads must answer exactly as ValidatedEvents.of answers in this one. */
describe('ValidationWorkers', () => {
  let workers: ValidationWorkers;
  beforeAll(() => {
    workers = new ValidationWorkers(2);
  });
  afterAll(() => workers.close());

  const inThread = (events: unknown[]) => {
    try {
      return ValidatedEvents.of(events);
    } catch (error) {
      return error;
    }
  };
  const onWorkers = (events: unknown[]) => workers.validate(events).catch((error: unknown) => error);

  it('accepts what ValidatedEvents.of accepts, normalised the same way', async () => {
    const events = [...generatePopulation({ people: 30, seed: 'validation-workers' })];
    // An instant with an offset, normalised to UTC with milliseconds.
    events.push({ ...EVENT_CATALOGUE['arrest.recorded'].example, eventId: randomUUID(), occurredAt: '2024-06-01T10:00:00+01:00' } as any);
    const answer = await onWorkers(events);
    expect(answer).toBeInstanceOf(ValidatedEvents);
    expect((answer as ValidatedEvents).events).toEqual((inThread(events) as ValidatedEvents).events);
    expect((answer as ValidatedEvents).events.at(-1)!.occurredAt).toBe('2024-06-01T09:00:00.000Z');
  });

  it('refuses what ValidatedEvents.of refuses, naming every problem of every event', async () => {
    const good = { ...EVENT_CATALOGUE['arrest.recorded'].example, eventId: randomUUID() };
    const events = [good, { ...good, eventId: 'not-a-uuid', area: 42 }, 'not an event', { ...good, eventId: randomUUID(), recordedAt: '2999-01-01T00:00:00Z' }];
    const answer = await onWorkers(events);
    expect(answer).toBeInstanceOf(RecordingRejectedError);
    expect((answer as RecordingRejectedError).status).toBe(400);
    expect((answer as RecordingRejectedError).errors).toEqual((inThread(events) as RecordingRejectedError).errors);
    expect((answer as RecordingRejectedError).errors.map((problem) => problem.index)).toEqual(expect.arrayContaining([1, 2, 3]));
  });

  it('answers batches sent together each with its own', async () => {
    const batches = Array.from({ length: 6 }, (_, i) => [...generatePopulation({ people: 3, seed: `batch-${i}` })]);
    const answers = await Promise.all(batches.map((batch) => workers.validate(batch)));
    answers.forEach((answer, i) => expect(answer.events.map((event) => event.eventId)).toEqual(batches[i].map((event) => event.eventId)));
  });

  it('checks lines of an import file as parseImportLine does, naming each invalid line by its number', async () => {
    const good = { ...EVENT_CATALOGUE['arrest.recorded'].example, eventId: randomUUID() };
    const now = Date.parse('2026-01-01T00:00:00Z');
    const texts = [
      JSON.stringify(good),
      '',
      '{"eventId":',
      JSON.stringify({ ...good, eventId: randomUUID(), area: 42, position: 7 }),
      JSON.stringify({ ...good, eventId: randomUUID(), recordedAt: '2026-06-01T00:00:00Z' }),
      JSON.stringify({ ...good, eventId: randomUUID(), hash: 'a'.repeat(64) }),
    ];
    const lines = texts.map((text, i) => ({ number: i + 11, text }));

    const checked = await workers.checkLines(lines, now);

    const inThread = lines.map((line) => ({ number: line.number, line: parseImportLine(line.text, now) }));
    expect(checked.events).toBe(inThread.filter(({ line }) => line.kind === 'event').length);
    expect(checked.events).toBe(2);
    expect(checked.invalid).toEqual(inThread.flatMap(({ number, line }) => (line.kind === 'invalid' ? [{ number, problems: line.problems }] : [])));
    expect(checked.invalid.map((line) => line.number)).toEqual([13, 14, 15]);
  });
});
