/**
 * A validation worker thread (see ValidationWorkers): runs `ValidatedEvents.of` on the batches
 * it is sent and answers with the validated events as JSON, or with every problem found; or
 * checks lines of an import file with parseImportLine and answers with what it found.
 */
import { parentPort } from 'node:worker_threads';
import { parseImportLine } from './import-line';
import { RecordingRejectedError } from './recording-rejected.error';
import { ValidatedEvents } from './validated-events';
import type { LinesChecked, NumberedLine, ValidationRequest, WorkerAnswer } from './validation-workers';

parentPort!.on('message', (request: ValidationRequest) => {
  const { id } = request;
  let answer: WorkerAnswer;
  try {
    answer =
      request.kind === 'lines'
        ? { id, lines: checkLines(request.lines, request.now) }
        : { id, events: JSON.stringify(ValidatedEvents.of(JSON.parse(request.events)).events) };
  } catch (error) {
    answer =
      error instanceof RecordingRejectedError
        ? { id, status: error.status, problems: error.errors }
        : { id, failure: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  parentPort!.postMessage(answer);
});

function checkLines(lines: NumberedLine[], now: number): LinesChecked {
  const checked: LinesChecked = { events: 0, invalid: [] };
  for (const { number, text } of lines) {
    const line = parseImportLine(text, now);
    if (line.kind === 'event') checked.events += 1;
    else if (line.kind === 'invalid') checked.invalid.push({ number, problems: line.problems });
  }
  return checked;
}
