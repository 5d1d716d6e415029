import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { from, Observable, concatMap, map } from 'rxjs';
import { AccessLog } from '../access-log/access-log';
import { isPersonRead } from '../roles';
import type { LedgerRequest } from './ledger-request';

/**
 * Writes every successful person read to the access log before the response leaves: if the
 * entry cannot be written, the caller gets an error instead of the record, so no read goes
 * unrecorded. Needs an AccessLog provider; runs after PolicyGuard has set `request.access`.
 */
@Injectable()
export class AccessLogInterceptor implements NestInterceptor {
  constructor(private readonly accessLog: AccessLog) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<LedgerRequest>();
    const access = request.access;
    const principal = request.principal;
    if (!access || !principal || !isPersonRead(access.action)) return next.handle();
    return next.handle().pipe(
      concatMap((body) =>
        from(
          Promise.all(
            access.resources.map((resource) =>
              this.accessLog.record({
                subject: principal.subject,
                role: principal.role,
                area: resource.area,
                personId: resource.personId,
                action: access.action,
                what: `${request.method ?? 'GET'} ${request.originalUrl ?? request.url ?? ''}`,
                purpose: access.purpose,
              }),
            ),
          ),
        ).pipe(map(() => body)),
      ),
    );
  }
}
