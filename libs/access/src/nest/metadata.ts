import { applyDecorators, SetMetadata, UseInterceptors } from '@nestjs/common';
import { isPersonRead, type Action } from '../roles';
import { AccessLogInterceptor } from './access-log.interceptor';

export const REQUIRED_ACTION = 'ledger:access:required-action';
export const PUBLIC_ROUTE = 'ledger:access:public';

/**
 * The action a route performs; PolicyGuard authorises it for the caller and the route's resource.
 * A person read also gets AccessLogInterceptor, here, so that no route can declare one without
 * its reads being logged. Only those routes get it: an interceptor on every route (as it was until
 * 3 December 2026) cost each request about 180 microseconds of NestJS's interceptor chain, a sixth
 * of an append's processor time (docs/scaling.md).
 */
export const Requires = (action: Action) =>
  applyDecorators(SetMetadata(REQUIRED_ACTION, action), ...(isPersonRead(action) ? [UseInterceptors(AccessLogInterceptor)] : []));

/** A route anyone may call without a token (health, metrics, the sign-in page). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);
