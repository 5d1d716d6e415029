/** Nest injection tokens for the ledger's infrastructure. */
export const LEDGER_CONFIG = Symbol('LedgerConfig');
export const EVENT_STORE = Symbol('EventStore');
/** The ledger's secret: signs local tokens and wraps every person's data key. */
export const LEDGER_SECRET = Symbol('LedgerSecret');
