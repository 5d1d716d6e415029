import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { EventStore, verifyChains, VerifyReport } from '@ledger/event-store';
import { EVENT_STORE } from '../runtime/tokens';

/** Walks every stream's hash chain (GET /api/audit/verify, `ledger verify`). */
export class VerifyLedgerQuery {
  constructor(readonly onProgress?: (eventsChecked: number) => void) {}
}

@QueryHandler(VerifyLedgerQuery)
export class VerifyLedgerHandler implements IQueryHandler<VerifyLedgerQuery, VerifyReport> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}
  execute({ onProgress }: VerifyLedgerQuery): Promise<VerifyReport> {
    return verifyChains(this.store, { onProgress });
  }
}
