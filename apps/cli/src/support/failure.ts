import { HttpException } from '@nestjs/common';
import { RecordingRejectedError } from '@ledger/application';

/** Exit codes of every verb: 0 done, 1 failed (or invalid input), 2 the command line itself was wrong. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/**
 * A failure the command has already explained (or explains in `message`): main prints the message
 * as one line, without a stack, and exits with `exitCode`.
 */
export class CliFailure extends Error {
  constructor(message: string, readonly exitCode: number = EXIT_FAILURE) {
    super(message);
    this.name = 'CliFailure';
  }
}

/** The command line was wrong in a way commander cannot see (e.g. --from after --to). */
export function usageError(message: string): CliFailure {
  return new CliFailure(message, EXIT_USAGE);
}

/** One clear line (or one per rejected event) for an error, as a user should read it. */
export function describeError(error: unknown): string {
  if (error instanceof RecordingRejectedError) {
    return ['the ledger refused the events:', ...error.errors.map((e) => `  event ${e.index + 1}${e.path ? ` ${e.path}` : ''}: ${e.message}`)].join('\n');
  }
  if (error instanceof HttpException) return error.message;
  if ((error as NodeJS.ErrnoException)?.code === 'ECONNREFUSED') {
    return `cannot reach PostgreSQL (${(error as Error).message}): check DATABASE_URL, or unset it to use the embedded one`;
  }
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
