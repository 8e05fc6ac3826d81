import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Config } from '../config.ts';
import { ConfigError } from '../errors.ts';
import { logOptions } from '../queue/log.ts';
import { JobProducer } from '../queue/producer.ts';
import { openQueues, type PipelineQueues } from '../queue/queues.ts';
import { checkRedisServer } from '../queue/redis-checks.ts';
import { closeRedis, connectRedis } from '../queue/redis-connection.ts';
import { openBlobStore } from '../store/open-blob-store.ts';
import { openStore } from '../store/open-store.ts';
import type { Store } from '../store/store.ts';
import type { ApiApp } from './api-app.ts';
import type { AuthOptions } from './auth/auth-options.ts';
import { buildApp } from './build-app.ts';
import { GlossaryService } from '../review/glossary-service.ts';
import type { InFlightUploads } from './upload/in-flight-uploads.ts';

export type ServeOptions = {
  port: number;
  host: string;
  /** Run the OCR and analysis workers in this process (needs Redis). */
  workers: boolean;
  auth: boolean;
  /** Use Redis and its queues; off, uploads are processed in this process. */
  redis: boolean;
  glossaryDir: string;
  config: Config;
  log: (message: string) => void;
};

export type RunningServer = { url: string; close(): Promise<void> };

/** How long cut uploads get to record themselves, and open connections to go, past the deadline. */
const AFTER_DEADLINE_MS = 5_000;

/**
 * Stops taking requests and lets those under way finish until the deadline. Then uploads still
 * arriving are cut (each recorded as failed with UPLOAD_INTERRUPTED, nothing of it stored) and
 * every connection still open (slow clients, event streams) is closed, so a client sending at a
 * few KB/s cannot hold the shutdown.
 */
async function closeWithinDeadline(app: ApiApp, uploads: InFlightUploads, deadlineMs: number, log: (m: string) => void): Promise<void> {
  const closing = app.close();
  let timer: NodeJS.Timeout | undefined;
  const late = await Promise.race([
    closing.then(() => false),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(true), deadlineMs);
    }),
  ]);
  clearTimeout(timer);
  if (!late) return;
  log(`shutdown deadline of ${deadlineMs} ms passed: cutting ${uploads.size} upload(s) still arriving and closing open connections`);
  await uploads.interruptAll(AFTER_DEADLINE_MS);
  app.server.closeAllConnections();
  await Promise.race([closing, new Promise((resolve) => setTimeout(resolve, AFTER_DEADLINE_MS).unref())]);
}

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|::1|\[::1\])$/i;

export function isLoopback(host: string): boolean {
  return LOOPBACK.test(host);
}

/**
 * `termlens serve`: store, glossary, Redis and (unless told otherwise) the queue workers in
 * this process, then the app. Auth can only be switched off on a loopback address: the
 * material is sensitive, and "I forgot the flag on the server" must not be possible.
 */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const { config, log } = options;
  if (!options.auth && !isLoopback(options.host)) {
    throw new ConfigError(
      'AUTH_REQUIRED',
      `--no-auth is only allowed on a loopback address (127.0.0.1, ::1, localhost), not ${options.host}; ` +
        'make tokens with `termlens token create` instead',
    );
  }
  if (options.workers && !options.redis) {
    throw new ConfigError('WORKERS_NEED_REDIS', 'workers need Redis: drop --no-redis, or add --no-workers to process uploads in this process');
  }
  const closers: (() => Promise<unknown>)[] = [];
  // The app and the workers stop side by side, each within the shutdown deadline; the
  // connections to Redis and the store close after both.
  const stopping: (() => Promise<unknown>)[] = [];
  const report = (e: unknown) => log(`error while closing: ${String(e)}`);
  const closeAll = async () => {
    await Promise.all(stopping.splice(0).map((stop) => stop().catch(report)));
    for (const close of closers.splice(0).reverse()) await close().catch(report);
  };
  try {
    const store: Store = await openStore(config);
    closers.push(() => store.close());
    const blobs = await openBlobStore(config.blobStore);
    closers.push(async () => blobs.close());
    const glossary = await GlossaryService.load(options.glossaryDir, { dataDir: config.dataDir, warn: (m) => log(`warning: ${m}`) });

    let queue: { producer: JobProducer; redis: Redis } | undefined;
    if (options.redis) {
      const redis = await connectRedis('service', { url: config.redisUrl, connectTimeoutMs: config.redisConnectTimeoutMs });
      closers.push(() => closeRedis(redis));
      await checkRedisServer(redis, config.redisUrl, (m) => log(`warning: ${m}`));
      const queues: PipelineQueues = openQueues(redis, config);
      closers.push(() => queues.close());
      queue = { producer: new JobProducer(queues, await store.storeId()), redis };
      if (options.workers) {
        // Loaded only here: a service without workers never loads BullMQ workers or tesseract.
        const { startWorkers } = await import('../queue/workers/start-workers.ts');
        const workers = await startWorkers({ concurrency: config.ocrWorkers, glossaryDir: options.glossaryDir, config });
        stopping.push(() => workers.stop(config.shutdownDeadlineMs));
      }
    }

    const auth: AuthOptions = options.auth
      ? {
          mode: 'tokens',
          // Without a configured secret, sessions last as long as this process.
          sessionSecret: config.sessionSecret ? Buffer.from(config.sessionSecret, 'utf8') : randomBytes(32),
          sessionTtlMs: config.sessionTtlMs,
          signInMaxPerMinute: config.signInMaxPerMinute,
        }
      : { mode: 'none', csrfToken: randomBytes(24).toString('base64url') };
    const { app, deps } = await buildApp({
      store,
      blobs,
      glossary,
      auth,
      ...(queue ? { queue } : {}),
      uploadLimits: {
        maxFileBytes: config.uploadMaxFileBytes,
        maxFiles: config.uploadMaxFiles,
        maxParts: config.uploadMaxParts,
        maxFieldBytes: 4096,
      },
      ingestLimits: {
        maxImageBytes: config.maxImageBytes,
        maxImagePixels: config.maxImagePixels,
        maxEntries: config.zipMaxEntries,
        maxEntryBytes: config.zipMaxEntryBytes,
        maxTotalBytes: config.zipMaxTotalBytes,
      },
      ocr: { engine: config.ocrEngine, workers: config.ocrWorkers, cacheDir: config.cacheDir },
      // The same JSON lines as the queue workers' (queue/log.ts), warnings and errors only.
      logger: { ...logOptions('termlens-serve'), level: 'warn', stream: process.stderr },
      http: config.http,
      auditRefusalsPerMinute: config.auditRefusalsPerMinute,
    });
    stopping.push(() => closeWithinDeadline(app, deps.uploads, config.shutdownDeadlineMs, log));
    const address = await app.listen({ port: options.port, host: options.host });
    if (auth.mode === 'tokens' && (await deps.tokens.list()).every((t) => t.revokedAt)) {
      log('no API tokens yet: make one with `termlens token create --role admin --name YOU`');
    }
    const processing = queue ? (options.workers ? 'queue, workers in this process' : 'queue, workers elsewhere') : 'in this process';
    log(`review service on ${address} (auth: ${auth.mode === 'tokens' ? 'tokens' : 'OFF, loopback only'}; processing: ${processing})`);
    return { url: address, close: closeAll };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
