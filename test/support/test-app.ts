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

export interface TestAppOptions {
  /** A database the caller made and drops (to start the app again on it); by default a fresh one, dropped on close. */
  database?: TestDatabase;
}

export async function startTestApp(overrides: Partial<LedgerConfig> = {}, options: TestAppOptions = {}): Promise<TestApp> {
  const db = options.database ?? (await createTestDatabase(ALL_MIGRATIONS));
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
  try {
    await app.init();
  } catch (error) {
    // A start the test expects to fail must not leave pools, a database or a directory behind.
    await app.close().catch(() => undefined);
    if (!options.database) await db.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
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
      if (!options.database) await db.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
