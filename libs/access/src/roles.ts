/**
 * Who may use the ledger, and the actions they ask for. Both lists are closed: a token naming
 * another role is refused, and the policy (policy.ts) decides every action listed here.
 */
export const ROLES = ['recorder', 'iom-lead', 'mappa-coordinator', 'auditor', 'reviewer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Roles whose every permission is limited to one area (a police force / probation region). */
export const AREA_SCOPED_ROLES: readonly Role[] = ['recorder', 'iom-lead', 'mappa-coordinator'];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export const ACTIONS = [
  'events.append',
  'events.read-log',
  'person.read',
  'person.timeline',
  'person.pack',
  'mappa.read',
  'iom.read',
  'reoffending.read',
  'audit.verify',
  'audit.access-log',
  'admin.erase',
  'admin.tokens',
  'admin.configure',
] as const;
export type Action = (typeof ACTIONS)[number];

/** Reads of one person's record: each needs a stated purpose and is written to the access log. */
export const PERSON_READ_ACTIONS: readonly Action[] = ['person.read', 'person.timeline', 'person.pack'];

export function isPersonRead(action: Action): boolean {
  return PERSON_READ_ACTIONS.includes(action);
}

/**
 * A serious case reviewer's grant: the people under review, and the London calendar dates
 * (inclusive) between which the grant may be used.
 */
export interface ReviewGrant {
  persons: string[];
  from: string;
  to: string;
}

/** Whoever is calling, as established by a verified token. */
export interface Principal {
  subject: string;
  role: Role;
  /** Required for the area-scoped roles; ignored for the others. */
  area?: string;
  /** Required for reviewers. */
  grant?: ReviewGrant;
}
