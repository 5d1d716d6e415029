import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { PersonalDataCipher } from '@ledger/access/personal-data/personal-data-cipher';
import { ProjectionRunner, RESOLVED_EVENTS, ResolvedEventsProjection, withTransaction } from '@ledger/projections';
import { LedgerDatabase } from '@ledger/event-store';

/** Crypto-shredding: destroy a person's key, then drop their decrypted data from the read models. */
export class ForgetPersonCommand {
  constructor(readonly personId: string, readonly reason: string, readonly by: string) {}
}

@CommandHandler(ForgetPersonCommand)
export class ForgetPersonHandler implements ICommandHandler<ForgetPersonCommand> {
  constructor(private readonly cipher: PersonalDataCipher, private readonly runner: ProjectionRunner, private readonly database: LedgerDatabase) {}

  async execute({ personId, reason, by }: ForgetPersonCommand) {
    const erasure = await this.cipher.forget(personId, reason, by);
    const projection = this.runner.projection(RESOLVED_EVENTS) as ResolvedEventsProjection;
    await withTransaction(this.database.pool, async (client) => {
      const { rows } = await client.query('SELECT position FROM ledger_projection_checkpoints WHERE name = $1 FOR UPDATE', [projection.name]);
      await projection.refreshPersons(client, [personId], Number(rows[0]?.position ?? 0));
    });
    return erasure;
  }
}
