import type { Action, Principal } from '../roles';
import type { Resource } from '../policy';

/** What the guards put on the request for the handlers, decorators and interceptor after them. */
export interface AccessGranted {
  action: Action;
  resources: Resource[];
  /** The stated purpose, for person reads (always present for those). */
  purpose?: string;
}

/**
 * The parts of an HTTP request the access pieces read and write (Fastify's request has them all),
 * so the guards, decorators and interceptor need no framework type for it.
 */
export interface LedgerRequest {
  method?: string;
  originalUrl?: string;
  url?: string;
  headers: Record<string, string | string[] | undefined>;
  query?: Record<string, unknown>;
  params?: Record<string, string | undefined>;
  /** Set by AuthGuard. */
  principal?: Principal;
  /** Set by PolicyGuard. */
  access?: AccessGranted;
}
