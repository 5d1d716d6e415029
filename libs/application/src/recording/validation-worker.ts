/**
 * A validation worker thread (see ValidationWorkers): runs `ValidatedEvents.of` on the batches
 * it is sent and answers with the validated events as JSON, or with every problem found; or
 * checks lines of an import file (checkImportLines) and answers with what it found.
 */
import { parentPort } from 'node:worker_threads';
import { checkImportLines } from './import-line';
import { RecordingRejectedError } from './recording-rejected.error';
import { ValidatedEvents } from './validated-events';
import type { ValidationRequest, WorkerAnswer } from './validation-workers';

parentPort!.on('message', (request: ValidationRequest) => {
  const { id } = request;
  let answer: WorkerAnswer;
  try {
    answer =
      request.kind === 'lines'
        ? { id, lines: checkImportLines(request.lines, request.now) }
        : { id, events: JSON.stringify(ValidatedEvents.of(JSON.parse(request.events)).events) };
  } catch (error) {
    answer =
      error instanceof RecordingRejectedError
        ? { id, status: error.status, problems: error.errors }
        : { id, failure: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  parentPort!.postMessage(answer);
});
