/** One problem with one event of a request, as POST /api/events and `ledger import` report it. */
export interface RecordingProblem {
  /** Index of the event in the request (or line number - 1 in an import file). */
  index: number;
  path: string;
  message: string;
}

/**
 * A request the ledger refused as a whole: nothing of it was stored.
 * `status` 400 for invalid input or a broken domain rule, 409 for a version or idempotency conflict.
 */
export class RecordingRejectedError extends Error {
  constructor(readonly status: 400 | 409, readonly errors: RecordingProblem[]) {
    super(errors.map((e) => `event ${e.index}${e.path ? ` ${e.path}` : ''}: ${e.message}`).join('; '));
    this.name = 'RecordingRejectedError';
  }
}
