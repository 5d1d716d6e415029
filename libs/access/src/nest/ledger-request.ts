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
 * The parts of an HTTP request (Express or otherwise) the access pieces read and write, so this
 * library needs no HTTP framework types of its own.
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
