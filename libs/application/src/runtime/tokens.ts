/** Nest injection tokens for the ledger's infrastructure. */
export const LEDGER_CONFIG = Symbol('LedgerConfig');
export const EVENT_STORE = Symbol('EventStore');
