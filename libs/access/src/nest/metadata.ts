import { SetMetadata } from '@nestjs/common';
import type { Action } from '../roles';

export const REQUIRED_ACTION = 'ledger:access:required-action';
export const PUBLIC_ROUTE = 'ledger:access:public';

/** The action a route performs; PolicyGuard authorises it for the caller and the route's resource. */
export const Requires = (action: Action) => SetMetadata(REQUIRED_ACTION, action);

/** A route anyone may call without a token (health, metrics, the sign-in page). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);
