import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyMultipart from '@fastify/multipart';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Redis } from 'ioredis';
import type { HttpTimeouts } from '../config.ts';
import type { EngineChoice } from '../domain/ocr.ts';
import { createOcrEngine } from '../engines/create-engine.ts';
import type { JobProducer } from '../queue/producer.ts';
import type { BlobStore } from '../store/blob-store.ts';
import type { Store } from '../store/store.ts';
import type { ApiApp } from './api-app.ts';
import { HttpError } from './api-error.ts';
import type { ApiDeps } from './api-deps.ts';
import type { AuthOptions } from './auth/auth-options.ts';
import { installAuthentication } from './auth/authenticate.ts';
import { CredentialLimiter } from './auth/credential-limiter.ts';
import { errorHandler } from './error-handler.ts';
import type { GlossaryService } from '../review/glossary-service.ts';
import { ReviewService } from '../review/review-service.ts';
import type { DocumentProcessor } from './processing/document-processor.ts';
import { InProcessProcessor } from './processing/in-process-processor.ts';
import { QueueProcessor } from './processing/queue-processor.ts';
import { registerAuditRoutes } from './routes/audit-log.ts';
import { registerBatchEventRoutes } from './routes/batch-events.ts';
import { registerBatchRoutes } from './routes/batches.ts';
import { registerBulkDecisionRoutes } from './routes/bulk-decisions.ts';
import { registerDecisionRoutes } from './routes/decisions.ts';
import { registerDocumentListRoutes } from './routes/document-list.ts';
import { registerDocumentRoutes } from './routes/documents.ts';
import { registerExportRoutes } from './routes/exports.ts';
import { registerGlossaryRoutes } from './routes/glossary.ts';
import { registerHealthRoutes } from './routes/health.ts';
import { registerHitRoutes } from './routes/hits.ts';
import { registerSearchRoutes } from './routes/search.ts';
import { registerSessionRoutes } from './routes/session.ts';
import { registerTokenRoutes } from './routes/tokens.ts';
import { registerUploadRoutes } from './routes/uploads.ts';
import { RefusalAudit } from './refusal-audit.ts';
import { CSP_DIRECTIVES } from './security-headers.ts';
import { InFlightUploads } from './upload/in-flight-uploads.ts';
import type { IngestLimits } from './upload/ingest-upload.ts';
import type { UploadLimits } from './upload/upload-limits.ts';

export const WEB_ROOT = path.resolve(import.meta.dirname, '..', 'web');

export type BuildAppOptions = {
  store: Store;
  blobs: BlobStore;
  glossary: GlossaryService;
  auth: AuthOptions;
  /** The pipeline's queues: uploads are enqueued through the producer and health pings Redis. */
  queue?: { producer: JobProducer; redis: Redis };
  /** Overrides the choice above (tests hand in a processor they can wait on). */
  processor?: DocumentProcessor;
  uploadLimits: UploadLimits;
  ingestLimits: IngestLimits;
  /** The OCR engine and its threads for in-process processing (default: tesseract.js, one thread per core). */
  ocr?: { engine?: EngineChoice; workers: number; cacheDir: string };
  logger?: FastifyServerOptions['logger'];
  /** Timeouts of the HTTP server (default: DEFAULT_HTTP_LIMITS). */
  http?: HttpTimeouts & { jsonBodyMaxBytes: number };
  /** Refusals audited one row each per client and minute (default 5). */
  auditRefusalsPerMinute?: number;
};

/** The defaults of src/config.ts, for callers (tests) that build the app without a config. */
export const DEFAULT_HTTP_LIMITS: HttpTimeouts & { jsonBodyMaxBytes: number } = {
  headersTimeoutMs: 20_000,
  requestTimeoutMs: 10 * 60_000,
  idleTimeoutMs: 60_000,
  keepAliveTimeoutMs: 5_000,
  jsonBodyMaxBytes: 64 * 1024,
};

/** Bodies that are one short string (a token, a name): anything longer is not a real request. */
const SMALL_BODY_ROUTES = new Set(['POST /api/session', 'POST /api/tokens']);
const SMALL_BODY_BYTES = 4 * 1024;

export type BuiltApp = { app: ApiApp; deps: ApiDeps };

/**
 * The review service: JSON API under /api (documented at /api/openapi.json), the review page
 * from src/web, and the security around both (deny-by-default access, sessions and CSRF, CSP).
 * Knows nothing of how it is started: `termlens serve` and the tests both call this.
 */
export async function buildApp(options: BuildAppOptions): Promise<BuiltApp> {
  const processor =
    options.processor ??
    (options.queue
      ? new QueueProcessor(options.store, options.queue.producer, options.queue.redis)
      : new InProcessProcessor({
          store: options.store,
          blobs: options.blobs,
          glossary: options.glossary,
          limits: { maxImageBytes: options.ingestLimits.maxImageBytes, maxImagePixels: options.ingestLimits.maxImagePixels },
          createEngine: () =>
            createOcrEngine(options.ocr?.engine ?? 'tesseract', {
              tesseract: options.ocr ? { workers: options.ocr.workers, cacheDir: options.ocr.cacheDir } : {},
            }),
        }));
  const deps: ApiDeps = {
    store: options.store,
    blobs: options.blobs,
    tokens: options.store.tokens,
    glossary: options.glossary,
    review: new ReviewService({ store: options.store, glossary: options.glossary }),
    processor,
    auth: options.auth,
    uploadLimits: options.uploadLimits,
    ingestLimits: options.ingestLimits,
    refusals: new RefusalAudit(options.store, {
      rowsPerClientPerMinute: options.auditRefusalsPerMinute ?? 5,
      onError: (error) => app.log.error(error, 'audit write failed'),
    }),
    credentials: new CredentialLimiter(options.auth.mode === 'tokens' ? (options.auth.signInMaxPerMinute ?? 20) : 1000),
    uploads: new InFlightUploads(),
  };

  const http = options.http ?? DEFAULT_HTTP_LIMITS;
  const app = Fastify({
    logger: options.logger ?? false,
    // JSON bodies are decisions and glossary entries; files come as multipart, limited on their own.
    bodyLimit: http.jsonBodyMaxBytes,
    trustProxy: false,
    // A slow or silent client holds a connection only so long: the headers, the whole request
    // (an upload included), a connection where nothing moves, an idle keep-alive.
    http: {
      headersTimeout: Math.min(http.headersTimeoutMs, http.requestTimeoutMs),
      // Node looks for expired headers and requests this often (30 s by default, which would
      // let a 20 s headers timeout run to 50 s).
      connectionsCheckingInterval: Math.max(250, Math.min(30_000, Math.floor(http.headersTimeoutMs / 4))),
    },
    requestTimeout: http.requestTimeoutMs,
    connectionTimeout: http.idleTimeoutMs,
    keepAliveTimeout: http.keepAliveTimeoutMs,
    // Ids are checked by each route's schema (glossary ids up to 200 characters, more once
    // percent-encoded); the router's own cap of 100 answered 414 in its own error shape.
    routerOptions: { maxParamLength: 2048 },
    // Errors the router raises before any route (a malformed URL, a parameter over the cap)
    // get the same {error: {code, message}} answer as the routes' errors.
    frameworkErrors: (error, request, reply) => errorHandler(error, request, reply),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((request, reply) =>
    errorHandler(new HttpError(404, 'NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]!.slice(0, 200)}`), request, reply),
  );

  // Deny by default, checked when the app is built: an /api route that does not say who may
  // call it stops the service from starting. Page assets are public.
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (SMALL_BODY_ROUTES.has(`${method} ${route.url}`)) route.bodyLimit ??= SMALL_BODY_BYTES;
    }
    if (route.config?.access !== undefined) return;
    if (route.url.startsWith('/api')) throw new Error(`route ${String(route.method)} ${route.url} does not declare its access`);
    route.config = { ...route.config, access: 'public' };
  });

  await app.register(fastifyCookie);
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    // Same-origin only: nothing here is meant to be embedded by other sites.
    crossOriginResourcePolicy: { policy: 'same-origin' },
    referrerPolicy: { policy: 'no-referrer' },
  });
  await app.register(fastifyRateLimit, { global: false });
  deps.credentials.attach(app);
  await app.register(fastifyMultipart, {
    throwFileSizeLimit: true,
    limits: {
      fileSize: options.uploadLimits.maxFileBytes,
      files: options.uploadLimits.maxFiles,
      parts: options.uploadLimits.maxParts,
      fieldSize: options.uploadLimits.maxFieldBytes,
    },
  });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'termlens review service', version: '1', description: 'Screenshots of Chinese-language sources → reviewed glossary hits' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'an API token (termlens token create)' },
          session: { type: 'apiKey', in: 'cookie', name: 'termlens_session', description: 'the review page session; state changes need X-CSRF-Token' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });

  installAuthentication(app, deps);

  app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());
  registerHealthRoutes(app, deps);
  registerSessionRoutes(app, deps);
  registerUploadRoutes(app, deps);
  registerBatchRoutes(app, deps);
  registerBatchEventRoutes(app, deps);
  registerDocumentListRoutes(app, deps);
  registerDocumentRoutes(app, deps);
  registerSearchRoutes(app, deps);
  registerHitRoutes(app, deps);
  registerDecisionRoutes(app, deps);
  registerBulkDecisionRoutes(app, deps);
  registerGlossaryRoutes(app, deps);
  registerExportRoutes(app, deps);
  registerTokenRoutes(app, deps);
  registerAuditRoutes(app, deps);

  // One route per file found at start (wildcard off), so an unknown path is a 404 of the
  // not-found handler, which requires sign-in like every undeclared route.
  await app.register(fastifyStatic, { root: WEB_ROOT, prefix: '/', wildcard: false, index: ['index.html'], cacheControl: false });

  app.addHook('onClose', async () => {
    await processor.close();
    await deps.refusals.close();
  });
  await app.ready();
  return { app, deps };
}
