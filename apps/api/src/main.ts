import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ValidationPipe } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { loadLedgerConfig, LedgerConfig, loggerLevels } from '@ledger/config';
import { catalogueJsonSchema } from '@ledger/domain/json-schema';
import { TokenIssuer } from '@ledger/access/tokens';
import { QuestionScope, RecordingRejectedError } from '@ledger/application';
import { AppModule } from './app.module';
import { DemoDataLoader } from './demo/demo-data.loader';
import { LedgerErrorFilter } from './http/error.filter';

/** Largest request body accepted (a batch of events); bigger loads go through `ledger import`. */
export const BODY_LIMIT = '5mb';

/** Builds the HTTP application (used by `npm start`, `ledger serve` and the end-to-end tests). */
export async function createApp(config: LedgerConfig, options: { runProjections?: boolean; logger?: false } = {}): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, options), {
    bodyParser: false,
    logger: options.logger === false ? false : loggerLevels(config.logLevel),
  });
  app.useBodyParser('json', { limit: BODY_LIMIT });
  app.disable('x-powered-by');
  // No ETag: Express would hash every response body (a 1,000-event timeline is most of a megabyte)
  // for conditional requests that nothing here makes; personal data is never served from an HTTP
  // cache (person routes say no-store; the server's own timeline copies are checked on every read).
  app.disable('etag');
  // Every read is one question: its access check and its answer share one catch-up of the read model.
  const questions = app.get(QuestionScope);
  app.use((request: { method: string }, _response: unknown, next: () => void) => (request.method === 'GET' || request.method === 'HEAD' ? questions.ask(next) : next()));
  app.use((_request: unknown, response: { setHeader(name: string, value: string): void }, next: () => void) => {
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('X-Frame-Options', 'DENY');
    response.setHeader('Referrer-Policy', 'no-referrer');
    response.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    next();
  });
  app.useGlobalFilters(new LedgerErrorFilter());
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: (errors) =>
        new RecordingRejectedError(
          400,
          errors.flatMap((error) => Object.values(error.constraints ?? { invalid: `${error.property} is not allowed` }).map((message) => ({ index: 0, path: error.property, message }))),
        ),
    }),
  );
  app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Journey Ledger')
      .setDescription('Event-sourced offender journey ledger: recording, timelines, MAPPA, IOM and proven reoffending measures. Event catalogue as JSON Schema under components.schemas.')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  // The event catalogue's JSON Schema, generated from the same classes the validator uses.
  const catalogue = catalogueJsonSchema();
  document.components = {
    ...document.components,
    schemas: { ...(document.components?.schemas ?? {}), ...(catalogue.schemas as any), NewEvent: catalogue.newEvent as any },
  };
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs/openapi.json' });
  return app;
}

/** `npm start`: the embedded (or configured) database, demo data on first start, the server, sign-in help. */
export async function bootstrap(config: LedgerConfig = loadLedgerConfig()): Promise<NestExpressApplication> {
  // eslint-disable-next-line no-console
  console.log(config.databaseUrl ? 'Starting Journey Ledger on DATABASE_URL...' : `Starting Journey Ledger (embedded PostgreSQL in ${config.dataDir})...`);
  const app = await createApp(config);
  await app.init(); // registers the command and query handlers
  if (config.demoData) {
    const recorded = await app.get(DemoDataLoader).loadIfEmpty();
    // eslint-disable-next-line no-console
    if (recorded > 0) console.log(`The ledger was empty: recorded a synthetic demo population (${recorded} events).`);
  }
  await app.listen(config.port, config.host);
  const url = `http://localhost:${config.port}`;
  const issuer = app.get(TokenIssuer);
  const token = async (role: string, area?: string) => issuer.issue({ subject: `demo-${role}`, role: role as any, area });
  const lines = [
    `Journey Ledger is serving ${url} (API docs: ${url}/api/docs)`,
    'Sign in on the home page with a token. Tokens for the demo data (valid 12 hours):',
    `  IOM lead, hampshire-iow:           ${await token('iom-lead', 'hampshire-iow')}`,
    `  MAPPA coordinator, hampshire-iow:  ${await token('mappa-coordinator', 'hampshire-iow')}`,
    `  auditor:                           ${await token('auditor')}`,
    'More with: npx ledger token --role ROLE [--area AREA] [--subject NAME]',
  ];
  // eslint-disable-next-line no-console
  console.log(lines.join('\n'));
  return app;
}

if (require.main === module) {
  bootstrap().catch((error) => {
    // eslint-disable-next-line no-console
    console.error(`Journey Ledger failed to start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
