import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Config } from '../../config.ts';
import { runAnalysisJob, type AnalysisJobDeps } from '../analysis-job.ts';
import { AnalysisJobSchema, QUEUE_NAMES, type AnalysisJob } from '../jobs.ts';
import type { Log } from '../log.ts';
import { parseJobData, runStage } from '../run-stage.ts';
import { refuseForeignJob, type OwnStore } from '../store-mismatch.ts';
import { workerOptions } from './worker-settings.ts';

/** The analysis queue's worker: script, segmentation, tagging and annotation over stored OCR text. */
export function createAnalysisWorker(options: {
  connection: Redis;
  config: Config;
  concurrency: number;
  /** This worker's store: jobs of another store are refused before anything is read or written. */
  own: OwnStore;
  deps: AnalysisJobDeps;
  log: Log;
}): Worker<AnalysisJob> {
  const { deps, log } = options;
  const worker = new Worker<AnalysisJob>(
    QUEUE_NAMES.analysis,
    async (job) => {
      // Before runStage: a refused job must not write its failure into this (the wrong) store.
      await refuseForeignJob(job, options.own, options.connection, options.config.queuePrefix);
      const payload = parseJobData(AnalysisJobSchema, job.data);
      return runStage(job, deps.store, payload.sha256, () => runAnalysisJob(payload, deps));
    },
    workerOptions(options.connection, options.config, options.concurrency),
  );
  worker.on('completed', (job) => {
    const ms = (job.finishedOn ?? Date.now()) - (job.processedOn ?? Date.now());
    log.info({ queue: 'analysis', sha256: job.data.sha256, reason: job.data.reason, ms }, `analysis ${job.data.sha256.slice(0, 12)} (${job.data.reason}) in ${ms} ms`);
  });
  worker.on('failed', (job, error) =>
    log.warn({ queue: 'analysis', jobId: job?.id, attempt: job?.attemptsMade }, `analysis ${job?.id ?? '?'} failed (attempt ${job?.attemptsMade ?? '?'}): ${error.message}`),
  );
  worker.on('stalled', (jobId) => log.warn(`analysis ${jobId} stalled (its worker stopped renewing the lock); running it again`));
  worker.on('error', (error) => log.error(`analysis worker: ${error.message}`));
  return worker;
}
