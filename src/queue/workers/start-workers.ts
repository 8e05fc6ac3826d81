import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { config as loadConfig, type Config } from '../../config.ts';
import { TermlensError } from '../../errors.ts';
import { surfaceForms } from '../../domain/glossary.ts';
import { createOcrEngine } from '../../engines/create-engine.ts';
import { pdfLimits } from '../../pipeline/input-limits.ts';
import { createLog, type Log } from '../log.ts';
import { JobProducer } from '../producer.ts';
import { openQueues } from '../queues.ts';
import { startReconciler } from '../reconciler.ts';
import { warmUpOcr } from '../warm-up.ts';
import { QUEUE_NAMES, type QueueName } from '../jobs.ts';
import { checkRedisServer } from '../redis-checks.ts';
import { registerWorker } from '../worker-registry.ts';
import { closeRedis, connectRedis } from '../redis-connection.ts';
import { openBlobStore } from '../../store/open-blob-store.ts';
import { openStore } from '../../store/open-store.ts';
import type { Store } from '../../store/store.ts';
import { createOcrWorker } from './ocr-worker.ts';

export type StartWorkersOptions = {
  /** Jobs run at once per queue; also the number of tesseract threads in this process. */
  concurrency: number;
  /**
   * Which queues this process serves (default both). An OCR-only process never loads the
   * segmenter's dictionaries (about 240 MB), an analysis-only one never loads the OCR models:
   * a deployment can scale OCR processes alone and keep one or two analysers.
   */
  queues?: readonly QueueName[];
  glossaryDir?: string;
  /**
   * Run PaddleOCR on the process's main thread rather than a worker thread (default false):
   * about 80 MB less for a process that reads one page at a time, but each inference blocks the
   * event loop for up to a few hundred ms, so not for a process that also serves HTTP. The
   * `worker` command sets it at concurrency 1.
   */
  ocrOnMainThread?: boolean;
  config?: Config;
  log?: Log;
};

export type RunningWorkers = {
  /** Stops taking jobs, lets running ones finish within the deadline, then closes everything. */
  stop(deadlineMs?: number): Promise<{ forced: boolean }>;
  /** Resolves when stop() has finished. */
  readonly stopped: Promise<void>;
};

/**
 * One worker process: the queues' workers, ONE tesseract engine shared by every OCR job of
 * the process (bounded to `concurrency` threads: an engine per job would load the Chinese
 * models again for each), and the reconciler. Redis is checked before any job is taken.
 */
export async function startWorkers(options: StartWorkersOptions): Promise<RunningWorkers> {
  const config = options.config ?? loadConfig();
  const log = options.log ?? createLog('termlens-worker');
  const target = { url: config.redisUrl, connectTimeoutMs: config.redisConnectTimeoutMs };
  const closers: (() => Promise<unknown>)[] = [];
  const closeAll = async () => {
    for (const close of closers.reverse()) await close().catch((error: unknown) => log.error(String(error)));
  };

  let store: Store;
  let storeId: string;
  let connection: Redis;
  let service: Redis;
  try {
    // The first connection fails fast and is checked; the workers' own then ride out restarts.
    service = await connectRedis('service', target);
    closers.push(() => closeRedis(service));
    await checkRedisServer(service, config.redisUrl, (m) => log.warn(m));
    connection = await connectRedis('worker', target);
    closers.push(() => closeRedis(connection));
    store = await openStore(config);
    closers.push(() => store.close());
    storeId = await store.storeId();
  } catch (error) {
    await closeAll();
    throw error;
  }

  const serves = new Set(options.queues ?? [QUEUE_NAMES.ocr, QUEUE_NAMES.analysis]);
  const own = { storeId, location: store.location };
  const failStart = async (error: unknown): Promise<never> => {
    await closeAll();
    throw error;
  };

  const queues = openQueues(connection, config);
  closers.push(() => queues.close());
  const workers: Worker[] = [];
  const glossaryDir = options.glossaryDir ?? config.glossaryDir;
  let glossaryVersion: string | undefined;
  /** The worker's glossary forms for the OCR engine (user words, term rescue). */
  let glossaryForms: readonly string[] | undefined;

  if (serves.has(QUEUE_NAMES.analysis)) {
    // Imported here: an OCR-only process needs neither the segmenter nor the matcher.
    const { GlossaryContexts } = await import('../glossary-contexts.ts');
    const { warmUpAnalysis } = await import('../warm-up-analysis.ts');
    const { createAnalysisWorker } = await import('./analysis-worker.ts');
    const glossaries = new GlossaryContexts(glossaryDir, config.dataDir, (message) => log.warn(message));
    // Loaded before taking jobs: a broken glossary is a configuration error at start.
    const ctx = await glossaries.get(undefined).catch(failStart);
    try {
      warmUpAnalysis(ctx);
    } catch (error) {
      await failStart(error);
    }
    glossaryVersion = ctx.glossary.version;
    glossaryForms = ctx.glossary.surfaceForms;
    workers.push(
      createAnalysisWorker({
        connection,
        config,
        concurrency: options.concurrency,
        own,
        deps: { store, context: (version) => glossaries.get(version) },
        log,
      }),
    );
  }

  if (serves.has(QUEUE_NAMES.ocr)) {
    // From --glossary, not the configured default the engines would load by themselves; as for
    // analysis, a glossary that cannot be loaded stops the start.
    if (!glossaryForms) {
      const { loadGlossary } = await import('../../glossary/load-glossary.ts');
      glossaryForms = surfaceForms(await loadGlossary(glossaryDir).catch(failStart));
    }
    // One core per job: a batch scales by processes and machines, not inside one image. So
    // tesseract runs its language passes one after the other, and PaddleOCR one inference
    // thread per job; each engine is loaded once per process, whatever the concurrency.
    const blobs = await openBlobStore(config.blobStore);
    closers.push(async () => blobs.close());
    const engine = await createOcrEngine(config.ocrEngine, {
      tesseract: { workers: options.concurrency, cacheDir: config.cacheDir, passes: 'sequential', glossaryForms },
      paddle: { concurrency: options.concurrency, threads: 1, glossaryForms, inProcess: options.ocrOnMainThread ?? false },
      warn: (message) => log.warn(message),
    });
    closers.push(() => engine.terminate());
    await warmUpOcr(engine, options.concurrency).catch(failStart);
    workers.push(
      createOcrWorker({
        connection,
        config,
        concurrency: options.concurrency,
        own,
        deps: {
          store,
          blobs,
          engine,
          limits: { maxImageBytes: config.maxImageBytes, maxImagePixels: config.maxImagePixels },
          pdf: pdfLimits(config),
        },
        producer: new JobProducer(queues, storeId),
        log,
      }),
    );
  }

  // So that `status` and `batch --wait` of this store see a worker serving it (and those of
  // another store see that none serves theirs); registered before the workers take jobs.
  const registration = await registerWorker(service, config.queuePrefix, {
    ...own,
    queues: workers.map((w) => w.name as QueueName),
  }).catch(failStart);
  closers.push(() => registration.stop());

  // The reconciler's queues sit on the fail-fast connection, so a pass during an outage ends.
  const reconcilerQueues = openQueues(service, config);
  closers.push(() => reconcilerQueues.close());
  const reconciler = startReconciler(
    {
      store,
      queues: reconcilerQueues,
      producer: new JobProducer(reconcilerQueues, storeId),
      redis: service,
      prefix: config.queuePrefix,
      afterMs: config.reconcileAfterMs,
      log,
    },
    config.reconcileIntervalMs,
  );

  for (const worker of workers) void worker.run().catch((error: unknown) => log.error(`worker stopped: ${String(error)}`));
  log.info(
    `started: queues ${workers.map((w) => w.name).join(', ')} (prefix ${config.queuePrefix}), concurrency ${options.concurrency}, ` +
      `${glossaryVersion ? `glossary ${glossaryVersion.slice(0, 12)}, ` : ''}store ${store.backend} ${storeId} (${store.location})`,
  );

  let stopping: Promise<{ forced: boolean }> | undefined;
  let markStopped!: () => void;
  const stopped = new Promise<void>((resolve) => {
    markStopped = resolve;
  });

  const stop = (deadlineMs = config.shutdownDeadlineMs) => {
    stopping ??= (async () => {
      // Gone from the registry first: a worker on its way out serves no new batch.
      await registration.stop();
      await reconciler.stop();
      // close() stops fetching and waits for running jobs; past the deadline they are abandoned
      // with their locks, and the stalled check of another (or the next) worker takes them over.
      let timer: NodeJS.Timeout | undefined;
      const graceful = Promise.all(workers.map((w) => w.close())).then(() => false);
      const deadline = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), deadlineMs);
      });
      const forced = await Promise.race([graceful, deadline]);
      clearTimeout(timer);
      if (forced) {
        log.warn(`shutdown deadline of ${deadlineMs} ms passed; abandoning running jobs to other workers`);
        await Promise.race([Promise.all(workers.map((w) => w.close(true))), new Promise((r) => setTimeout(r, 2_000))]);
      }
      await closeAll();
      log.info(forced ? 'stopped (forced)' : 'stopped');
      markStopped();
      return { forced };
    })();
    return stopping;
  };

  return { stop, stopped };
}

/**
 * Runs until SIGTERM or SIGINT, then shuts down within the deadline. The handlers are installed
 * before anything starts, so a signal during start-up (an orchestrator scaling down at once)
 * still ends in a clean stop rather than the default kill. A second signal exits at once: the
 * person pressing Ctrl-C twice means it.
 */
export async function runWorkersUntilSignal(options: StartWorkersOptions): Promise<void> {
  const log = options.log ?? createLog('termlens-worker');
  let running: RunningWorkers | undefined;
  let signalled: NodeJS.Signals | undefined;
  const stop = (how: string) => {
    log.info(`${how}: finishing running jobs`);
    void running!.stop().then(({ forced }) => {
      process.exitCode = forced ? 1 : 0;
    });
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) {
      log.warn(`${signal} again: exiting now`);
      process.exit(130);
    }
    signalled = signal;
    if (running) stop(signal);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  try {
    running = await startWorkers({ ...options, log }).catch((error: unknown) => {
      // Expected failures (Redis down, bad config) carry a code and a message for people; anything
      // else is a bug, and its stack is what a developer needs from the worker's log.
      if (!(error instanceof TermlensError) && error instanceof Error) log.error(`failed to start: ${error.stack ?? error.message}`);
      throw error;
    });
    if (signalled) stop(`${signalled} during start-up`);
    await running.stopped;
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  }
}
