import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { RecordingRejectedError } from '@ledger/application';
import { ReadModelAheadOfLogError } from '@ledger/projections';

/**
 * Every error leaves as JSON a client can act on: recording problems as `{errors: [{index, path,
 * message}]}` with 400 or 409, other HTTP errors with their status and message, read models
 * that do not match the store as 503 (see ReadModelAheadOfLogError), anything unexpected as a
 * bare 500 (no stack trace, no SQL: those go to the log only).
 *
 * Fastify's own refusals before a route runs (body too large, unsupported media type) reach here
 * as HttpExceptions with their status.
 */
@Catch()
export class LedgerErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<FastifyReply>();
    if (error instanceof RecordingRejectedError) {
      response.status(error.status).send({ errors: error.errors });
      return;
    }
    if (error instanceof HttpException) {
      const body = error.getResponse();
      const message = typeof body === 'string' ? body : (body as { message?: unknown }).message ?? error.message;
      response.status(error.getStatus()).send({ statusCode: error.getStatus(), message });
      return;
    }
    if (error instanceof ReadModelAheadOfLogError) {
      // Not the caller's fault, and nothing a retry mends: the operator must fix the configuration or rebuild.
      this.logger.error(error.message);
      response.status(503).send({ statusCode: 503, message: 'the read models do not match the event store: the ledger must be reconfigured or its read models rebuilt (ledger replay)' });
      return;
    }
    this.logger.error(error instanceof Error ? error.stack ?? error.message : String(error));
    response.status(500).send({ statusCode: 500, message: 'internal error' });
  }
}
