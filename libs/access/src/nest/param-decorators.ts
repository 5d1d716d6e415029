import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { effectiveArea } from '../policy';
import type { Action } from '../roles';
import type { LedgerRequest } from './ledger-request';
import { REQUIRED_ACTION } from './metadata';
import { purposeOf } from './purpose';

const requestOf = (context: ExecutionContext) => context.switchToHttp().getRequest<LedgerRequest>();

/** The verified caller (set by AuthGuard). */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext) => requestOf(context).principal);

/**
 * The caller's stated purpose (X-Purpose header or `purpose` query parameter); 400 on a person
 * read without one. PolicyGuard checks the same, this also works on routes it does not guard.
 */
export const Purpose = createParamDecorator((_data: unknown, context: ExecutionContext) => {
  const request = requestOf(context);
  if (request.access?.purpose !== undefined) return request.access.purpose;
  const action: Action | undefined = Reflect.getMetadata(REQUIRED_ACTION, context.getHandler()) ?? Reflect.getMetadata(REQUIRED_ACTION, context.getClass());
  return purposeOf(request, action);
});

/**
 * The area filter a report must apply: the `area` query parameter, else the caller's own area
 * for an area-scoped role, else undefined (every area). PolicyGuard has already refused an
 * area-scoped caller asking for another area when the resolver names the same area.
 */
export const AreaFilter = createParamDecorator((_data: unknown, context: ExecutionContext) => {
  const request = requestOf(context);
  const requested = request.query?.area;
  return request.principal ? effectiveArea(request.principal, typeof requested === 'string' ? requested : undefined) : undefined;
});
