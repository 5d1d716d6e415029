import * as fs from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { NewEvent } from '@ledger/domain/envelope';
import type { LinesChecked, NumberedLine } from './import-line';
import { RecordingProblem, RecordingRejectedError } from './recording-rejected.error';
import { ValidatedEvents } from './validated-events';

/**
 * Work for a thread: a batch to validate, as JSON text (cheaper to hand to a thread than the
 * objects themselves), or NDJSON lines of an import file to check (parseImportLine).
 */
export type ValidationRequest =
  | { id: number; kind: 'batch'; events: string }
  | { id: number; kind: 'lines'; lines: NumberedLine[]; now: number };

export type WorkerAnswer =
  | { id: number; events: string }
  | { id: number; status: 400 | 409; problems: RecordingProblem[] }
  | { id: number; lines: LinesChecked }
  | { id: number; failure: string };

interface Pending {
  resolve: (answer: WorkerAnswer) => void;
  reject: (error: unknown) => void;
}

interface ValidationThread {
  worker: Worker;
  pending: Map<number, Pending>;
  /** Why it stopped, once it has. */
  dead?: Error;
}

/**
 * Worker threads that validate batches for a bulk import (`ledger import`, `ledger seed`, the
 * benchmark): the same `ValidatedEvents.of`, on other cores. Validation is about a third of an
 * importing process's processor time (class-validator and class-transformer, about 35
 * microseconds an event), and the process is bound by its one thread; with validation elsewhere
 * it spends that time recording the batch before instead. They also check the lines of an import
 * file in `ledger import`'s first pass (`checkLines`). Answers come back in any order; each call
 * gets its own.
 */
export class ValidationWorkers {
  /** Leaves a core for the importing thread (and, on a small machine, for PostgreSQL to share). */
  static defaultSize(): number {
    return Math.max(1, Math.min(4, availableParallelism() - 1));
  }

  /** `size` workers (by default defaultSize()) for the length of `work`, then stopped. */
  static async using<T>(work: (workers: ValidationWorkers) => Promise<T>, size = ValidationWorkers.defaultSize()): Promise<T> {
    const workers = new ValidationWorkers(size);
    try {
      return await work(workers);
    } finally {
      await workers.close();
    }
  }

  private readonly threads: ValidationThread[];
  private nextId = 0;

  /** Threads: batches validated at the same time. */
  get size(): number {
    return this.threads.length;
  }

  constructor(size = ValidationWorkers.defaultSize(), script = validationWorkerScript()) {
    this.threads = Array.from({ length: size }, () => this.startThread(script));
  }

  /**
   * Validates a batch as ValidatedEvents.of does.
   * @throws RecordingRejectedError naming every problem, as ValidatedEvents.of throws it
   */
  async validate(events: unknown[]): Promise<ValidatedEvents> {
    const answer = await this.send((id) => ({ id, kind: 'batch', events: JSON.stringify(events) }));
    if ('events' in answer) return ValidatedEvents.acceptedByWorker(JSON.parse(answer.events) as NewEvent[]);
    if ('problems' in answer) throw new RecordingRejectedError(answer.status, answer.problems);
    throw unexpected(answer);
  }

  /**
   * Checks lines of an import file as checkImportLines does (`now` is the instant a recordedAt
   * may not pass), for `ledger import`'s first pass over the whole file.
   */
  async checkLines(lines: NumberedLine[], now: number): Promise<LinesChecked> {
    const answer = await this.send((id) => ({ id, kind: 'lines', lines, now }));
    if ('lines' in answer) return answer.lines;
    throw unexpected(answer);
  }

  async close(): Promise<void> {
    await Promise.all(this.threads.map((thread) => thread.worker.terminate()));
  }

  private send(request: (id: number) => ValidationRequest): Promise<WorkerAnswer> {
    const alive = this.threads.filter((thread) => !thread.dead);
    if (alive.length === 0) return Promise.reject(this.threads[0]?.dead ?? new Error('no validation worker is running'));
    // The least busy thread (they finish in about the same time per event).
    const thread = alive.reduce((least, candidate) => (candidate.pending.size < least.pending.size ? candidate : least));
    const id = ++this.nextId;
    return new Promise<WorkerAnswer>((resolve, reject) => {
      thread.pending.set(id, { resolve, reject });
      // Held open only while it has work, so a process that forgot close() still exits.
      thread.worker.ref();
      thread.worker.postMessage(request(id));
    });
  }

  private startThread(script: string): ValidationThread {
    const thread: ValidationThread = { worker: new Worker(script), pending: new Map() };
    thread.worker.unref();
    thread.worker.on('message', (answer: WorkerAnswer) => {
      const pending = thread.pending.get(answer.id);
      if (!pending) return;
      thread.pending.delete(answer.id);
      if (thread.pending.size === 0) thread.worker.unref();
      if ('failure' in answer) pending.reject(new Error(`a validation worker failed: ${answer.failure}`));
      else pending.resolve(answer);
    });
    const stop = (error: Error) => {
      thread.dead ??= error;
      for (const pending of thread.pending.values()) pending.reject(thread.dead);
      thread.pending.clear();
    };
    thread.worker.on('error', stop);
    thread.worker.on('exit', (code) => stop(new Error(`a validation worker stopped (exit code ${code})`)));
    return thread;
  }
}

function unexpected(answer: WorkerAnswer): Error {
  return new Error(`a validation worker answered with something else than asked: ${Object.keys(answer).join(', ')}`);
}

/**
 * The compiled worker beside this module; under ts-jest (which runs the TypeScript sources) the
 * copy in dist/, which `npm test` builds first.
 */
function validationWorkerScript(): string {
  const beside = path.join(__dirname, 'validation-worker.js');
  if (fs.existsSync(beside)) return beside;
  const compiled = path.resolve(__dirname, '../../../../dist/libs/application/src/recording/validation-worker.js');
  if (fs.existsSync(compiled)) return compiled;
  throw new Error(`the validation worker is not compiled (${compiled}): run \`npm run build\``);
}
