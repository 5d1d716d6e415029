import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { ALL_MIGRATIONS } from '../../libs/application/src/runtime/migrations';
import type { LedgerConfig } from '../../libs/config/src';
import { TokenIssuer } from '../../libs/access/src/tokens';
import { createApp } from '../../apps/api/src/main';
import { createTestDatabase, TestDatabase } from './test-database';

/** The real HTTP application over a fresh real PostgreSQL database, for end-to-end tests. */
export interface TestApp {
  app: NestFastifyApplication;
  db: TestDatabase;
  config: LedgerConfig;
  http(): ReturnType<typeof request>;
  token(role: string, area?: string, extra?: Record<string, unknown>): Promise<string>;
  close(): Promise<void>;
}

export async function startTestApp(overrides: Partial<LedgerConfig> = {}): Promise<TestApp> {
  const db = await createTestDatabase(ALL_MIGRATIONS);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-app-'));
  const config: LedgerConfig = {
    dataDir,
    databaseUrl: db.url,
    port: 0,
    host: '127.0.0.1',
    secret: 'test-secret-for-end-to-end-tests-only',
    projectionsInProcess: true,
    demoData: false,
    logLevel: 'error' as const,
    iomAutoAdoptionAreas: ['warwickshire'],
    timelineCacheMb: 64,
    ...overrides,
  };
  const app = await createApp(config, { logger: false });
  await app.init();
  await app.getHttpAdapter().getInstance().ready(); // supertest needs Fastify's routes in place
  const issuer = app.get(TokenIssuer);
  return {
    app,
    db,
    config,
    http: () => request(app.getHttpServer()),
    token: (role, area, extra = {}) => issuer.issue({ subject: `test-${role}`, role: role as any, area, ...(extra as any) }),
    async close() {
      await app.close();
      await db.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
