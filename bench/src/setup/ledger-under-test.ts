import type { NestExpressApplication } from '@nestjs/platform-express';
import { CommandBus } from '@nestjs/cqrs';
import { loadLedgerConfig, LedgerConfig } from '@ledger/config';
import { TokenIssuer } from '@ledger/access/tokens';
import type { Role } from '@ledger/access/roles';
import { createApp } from '../../../apps/api/src/main';

export interface LedgerUnderTest {
  config: LedgerConfig;
  commandBus: CommandBus;
  /** Starts serving HTTP on 127.0.0.1 on a free port; resolves with the port. */
  listen(): Promise<number>;
  token(role: Role, area?: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * The ledger as `npm start` builds it (the same Nest application, commands and guards), on the
 * run's database. Projections do not follow the log in this process: that is the worker
 * deployment (LEDGER_PROJECTIONS=worker), and every read still catches the read model up first.
 */
export async function startLedger(databaseUrl: string, dataDir: string): Promise<LedgerUnderTest> {
  const config: LedgerConfig = { ...loadLedgerConfig({}), dataDir, databaseUrl, port: 0, projectionsInProcess: false, demoData: false, logLevel: 'error' };
  const app: NestExpressApplication = await createApp(config, { logger: false, runProjections: false });
  await app.init();
  const issuer = app.get(TokenIssuer);
  return {
    config,
    commandBus: app.get(CommandBus),
    listen: async () => {
      await app.listen(0, '127.0.0.1');
      const address = app.getHttpServer().address();
      if (typeof address !== 'object' || !address) throw new Error('the ledger is not listening on a TCP port');
      return address.port;
    },
    token: (role, area) => issuer.issue({ subject: `bench-${role}`, role, area }),
    close: () => app.close(),
  };
}
