import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Observable, combineLatest, from, map, take } from 'rxjs';
import { AccessLog } from '../access-log/access-log';
import { isPersonRead } from '../roles';
import type { LedgerRequest } from './ledger-request';

/**
 * Writes every authorised person read to the access log, and lets the answer leave only once its
 * entry is written: if the entry cannot be written, the caller gets an error instead of the
 * record, so no read goes unrecorded. The entry is written while the answer is being prepared
 * (not after it), so a read costs one durable commit's wait less; an authorised read whose answer
 * then fails (a person unknown at the asked date, say) is therefore on the log too, as the attempt
 * it was. Needs an AccessLog provider; runs after PolicyGuard has set `request.access`.
 * `@Requires(action)` applies it to every route whose action is a person read.
 */
@Injectable()
export class AccessLogInterceptor implements NestInterceptor {
  constructor(private readonly accessLog: AccessLog) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<LedgerRequest>();
    const access = request.access;
    const principal = request.principal;
    if (!access || !principal || !isPersonRead(access.action)) return next.handle();
    const logged = Promise.all(
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
    );
    // Should the answer fail first, the entry's own outcome has nobody left to hear it.
    logged.catch(() => undefined);
    // Either failing fails the read; the answer waits for the entry.
    return combineLatest([next.handle().pipe(take(1)), from(logged)]).pipe(map(([body]) => body));
  }
}
