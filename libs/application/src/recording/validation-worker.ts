/**
 * A validation worker thread (see ValidationWorkers): runs `ValidatedEvents.of` on the batches
 * it is sent and answers with the validated events as JSON, or with every problem found.
 */
import { parentPort } from 'node:worker_threads';
import { RecordingRejectedError } from './recording-rejected.error';
import { ValidatedEvents } from './validated-events';
import type { ValidationRequest, WorkerAnswer } from './validation-workers';

parentPort!.on('message', ({ id, events }: ValidationRequest) => {
  let answer: WorkerAnswer;
  try {
    answer = { id, events: JSON.stringify(ValidatedEvents.of(JSON.parse(events)).events) };
  } catch (error) {
    answer =
      error instanceof RecordingRejectedError
        ? { id, status: error.status, problems: error.errors }
        : { id, failure: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  parentPort!.postMessage(answer);
});
