import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ValidationPipe } from '@nestjs/common';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { RawServerDefault } from 'fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { loadLedgerConfig, LedgerConfig, loggerLevels } from '@ledger/config';
import { catalogueJsonSchema } from '@ledger/domain/json-schema';
import { TokenIssuer } from '@ledger/access/tokens';
import { QuestionScope, RecordingRejectedError } from '@ledger/application';
import { AppModule } from './app.module';
import { DemoDataLoader } from './demo/demo-data.loader';
import { LedgerErrorFilter } from './http/error.filter';

/** Largest request body accepted (a batch of events), in bytes; bigger loads go through `ledger import`. */
export const BODY_LIMIT = 5 * 1024 * 1024;

/** Headers every answer carries: no MIME sniffing, no framing, no referrer, no shared browsing context. */
const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

function bodyNotJson(error: Error & { code?: string }): RecordingRejectedError {
  const message = error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ? 'the body is empty' : 'the body is not valid JSON';
  return new RecordingRejectedError(400, [{ index: 0, path: '', message }]);
}

/**
 * Builds the HTTP application (used by `npm start`, `ledger serve` and the end-to-end tests).
 *
 * NestJS runs on Fastify rather than Express: measured in one process, an append cost about a
 * third less processor time on Fastify (docs/scaling.md, "Appends, layer by layer"). Fastify sends
 * no ETag and no X-Powered-By; a path with a trailing slash finds the same route, as it did before.
 */
export async function createApp(config: LedgerConfig, options: { runProjections?: boolean; logger?: false } = {}): Promise<NestFastifyApplication> {
  // Record ids have no length limit, so the router has none short of Node's 16 KiB of headers
  // (Fastify's default answers 404 to a path parameter over 100 characters).
  const adapter = new FastifyAdapter({ bodyLimit: BODY_LIMIT, routerOptions: { ignoreTrailingSlash: true, maxParamLength: 16_384 } });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, options), adapter, {
    bodyParser: false,
    logger: options.logger === false ? false : loggerLevels(config.logLevel),
  });
  // JSON bodies only (Fastify answers 415 to other media types but text/plain, which reaches the
  // validator as a string), parsed by Fastify's own parser (it refuses __proto__ and constructor
  // keys); a body that does not parse is a recording problem like any other.
  const fastify = adapter.getInstance();
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  app.useBodyParser<RawServerDefault>('application/json', { bodyLimit: BODY_LIMIT }, (request, body, done) =>
    parseJson(request, body.toString('utf8'), (error: (Error & { code?: string }) | null, value?: unknown) => (error ? done(bodyNotJson(error), undefined) : done(null, value))),
  );
  // Every read is one question: its access check and its answer share one catch-up of the read
  // model. A hook (not middleware) so that the question's scope holds from here to the answer.
  const questions = app.get(QuestionScope);
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.headers(SECURITY_HEADERS);
    if (request.method === 'GET' || request.method === 'HEAD') questions.ask(done);
    else done();
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
export async function bootstrap(config: LedgerConfig = loadLedgerConfig()): Promise<NestFastifyApplication> {
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
