import { effectiveArea, Resource } from '../policy';
import type { Action, Principal } from '../roles';
import type { LedgerRequest } from './ledger-request';

/** Injection token of the app's ResourceResolver. */
export const RESOURCE_RESOLVER = 'ledger:access:resource-resolver';

export interface ResourceContext {
  request: LedgerRequest;
  principal: Principal;
  action: Action;
}

/**
 * Tells PolicyGuard what a request is about: the area (and person) of the data it touches. The
 * app knows where a person or cohort belongs, so it provides this; several resources (a batch of
 * events in several areas) must all be allowed. Throw NotFoundException for a missing person.
 */
export type ResourceResolver = (context: ResourceContext) => Resource | Resource[] | Promise<Resource | Resource[]>;

/**
 * What the route alone says: `:personId` from the path, the `area` query parameter or (for an
 * area-scoped caller who asked for none) their own area. It does not know a person's area, so
 * with it area-scoped callers are refused person routes: the app's resolver must look that up.
 */
export const routeResource: ResourceResolver = ({ request, principal }) => {
  const personId = request.params?.personId;
  if (personId !== undefined) return { personId };
  const requested = request.query?.area;
  return { area: effectiveArea(principal, typeof requested === 'string' ? requested : undefined) };
};
