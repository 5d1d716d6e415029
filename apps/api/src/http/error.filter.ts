import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { RecordingRejectedError } from '@ledger/application';

/**
 * Every error leaves as JSON a client can act on: recording problems as `{errors: [{index, path,
 * message}]}` with 400 or 409, other HTTP errors with their status and message, anything
 * unexpected as a bare 500 (no stack trace, no SQL: those go to the log only).
 */
@Catch()
export class LedgerErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (error instanceof RecordingRejectedError) {
      response.status(error.status).json({ errors: error.errors });
      return;
    }
    if (error instanceof HttpException) {
      const body = error.getResponse();
      const message = typeof body === 'string' ? body : (body as { message?: unknown }).message ?? error.message;
      response.status(error.getStatus()).json({ statusCode: error.getStatus(), message });
      return;
    }
    if ((error as { type?: string })?.type === 'entity.too.large') {
      response.status(413).json({ statusCode: 413, message: 'request body too large' });
      return;
    }
    if ((error as { type?: string })?.type === 'entity.parse.failed') {
      response.status(400).json({ errors: [{ index: 0, path: '', message: 'the body is not valid JSON' }] });
      return;
    }
    this.logger.error(error instanceof Error ? error.stack ?? error.message : String(error));
    response.status(500).json({ statusCode: 500, message: 'internal error' });
  }
}
