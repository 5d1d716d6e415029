import { todayInLondon } from '@ledger/domain/time/london';
import { Action, AREA_SCOPED_ROLES, Principal, Role } from './roles';

/** What an action is about, as far as the policy cares. */
export interface Resource {
  /** The area the data belongs to (an event's area, a person's area, a report's area filter). */
  area?: string;
  personId?: string;
}

export type Decision = { allowed: true } | { allowed: false; status: 403; reason: string };

/**
 * How far a permission reaches: `area` only the principal's own area, `all` every area,
 * `grant` only the people named in a reviewer's grant while the grant runs.
 */
export type Reach = 'area' | 'all' | 'grant';

const PERSON_READS = { 'person.read': 'area', 'person.timeline': 'area', 'person.pack': 'area' } as const;

/** The whole policy: anything not listed is refused. README.md shows the same table. */
export const PERMISSIONS: Readonly<Record<Role, Partial<Record<Action, Reach>>>> = {
  recorder: { 'events.append': 'area' },
  'iom-lead': { ...PERSON_READS, 'iom.read': 'area', 'reoffending.read': 'area' },
  'mappa-coordinator': { ...PERSON_READS, 'mappa.read': 'area', 'reoffending.read': 'area' },
  auditor: {
    'events.read-log': 'all',
    'person.read': 'all',
    'person.timeline': 'all',
    'person.pack': 'all',
    'mappa.read': 'all',
    'iom.read': 'all',
    'reoffending.read': 'all',
    'audit.verify': 'all',
    'audit.access-log': 'all',
  },
  reviewer: { 'person.timeline': 'grant', 'person.pack': 'grant' },
  admin: { 'admin.tokens': 'all', 'admin.configure': 'all', 'admin.erase': 'all', 'audit.verify': 'all' },
};

const allowed: Decision = { allowed: true };
const refuse = (reason: string): Decision => ({ allowed: false, status: 403, reason });

/**
 * Decides one request. Pure: everything it needs is in its arguments (`now` only matters for a
 * reviewer's grant). Fails closed: an area-scoped permission with no known resource area, or a
 * reviewer's read with no person, is refused rather than guessed.
 */
export function authorise(principal: Principal, action: Action, resource: Resource = {}, now: Date = new Date()): Decision {
  const reach = PERMISSIONS[principal.role]?.[action];
  if (!reach) return refuse(`the ${principal.role} role may not ${action}`);
  switch (reach) {
    case 'all':
      return allowed;
    case 'area':
      if (!principal.area) return refuse(`the ${principal.role} role needs an area and the token names none`);
      if (resource.area === undefined) return refuse(`${action} needs the area of the data, which is not known`);
      if (resource.area !== principal.area) return refuse(`${action} in area ${resource.area} is outside your area (${principal.area})`);
      return allowed;
    case 'grant':
      return authoriseByGrant(principal, action, resource, now);
  }
}

function authoriseByGrant(principal: Principal, action: Action, resource: Resource, now: Date): Decision {
  const grant = principal.grant;
  if (!grant) return refuse('a reviewer needs a grant naming the people under review');
  if (resource.personId === undefined) return refuse(`${action} is granted to reviewers only for named people`);
  if (!grant.persons.includes(resource.personId)) return refuse(`person ${resource.personId} is not named in your review grant`);
  const today = todayInLondon(now);
  if (today < grant.from || today > grant.to) return refuse(`your review grant runs from ${grant.from} to ${grant.to}, not on ${today}`);
  return allowed;
}

/**
 * The area a request is about, and the area filter a report must apply: the area asked for, or,
 * when none was asked for, the caller's own area for an area-scoped role (they never see all
 * areas) and no filter (every area) for the others.
 */
export function effectiveArea(principal: Principal, requestedArea?: string): string | undefined {
  if (requestedArea !== undefined && requestedArea !== '') return requestedArea;
  return AREA_SCOPED_ROLES.includes(principal.role) ? principal.area : undefined;
}
