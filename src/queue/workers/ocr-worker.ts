import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Config } from '../../config.ts';
import type { Log } from '../log.ts';
import { OcrJobSchema, QUEUE_NAMES, type OcrJob } from '../jobs.ts';
import { runOcrJob, type OcrJobDeps, type OcrJobOutcome } from '../ocr-job.ts';
import type { JobProducer } from '../producer.ts';
import { parseJobData, runStage } from '../run-stage.ts';
import { refuseForeignJob, type OwnStore } from '../store-mismatch.ts';
import { trimNativeHeap } from '../../util/native-heap.ts';
import { workerOptions } from './worker-settings.ts';

/** The OCR queue's worker: parse the job, run the stage, hand the document to analysis. */
export function createOcrWorker(options: {
  connection: Redis;
  config: Config;
  concurrency: number;
  /** This worker's store: jobs of another store are refused before anything is read or written. */
  own: OwnStore;
  deps: OcrJobDeps;
  producer: JobProducer;
  log: Log;
}): Worker<OcrJob, OcrJobOutcome> {
  const { deps, producer, log } = options;
  const worker = new Worker<OcrJob, OcrJobOutcome>(
    QUEUE_NAMES.ocr,
    async (job) => {
      // Before runStage: a refused job must not write its failure into this (the wrong) store.
      await refuseForeignJob(job, options.own, options.connection, options.config.queuePrefix);
      const payload = parseJobData(OcrJobSchema, job.data);
      return runStage(job, deps.store, payload.sha256, async () => {
        // A page's native buffers would stay resident as freed fragments; see native-heap.ts.
        const outcome = await runOcrJob(payload, deps).finally(trimNativeHeap);
        // Added before this job completes: if the process dies in between, the OCR job is
        // retried, finds its result stored and adds the analysis again (same id, no double).
        if (outcome.next === 'analysis') await producer.addAnalysisAfterOcr(payload.sha256);
        return outcome;
      });
    },
    workerOptions(options.connection, options.config, options.concurrency),
  );
  worker.on('completed', (job, outcome) => {
    const ms = (job.finishedOn ?? Date.now()) - (job.processedOn ?? Date.now());
    const ocrMs = Math.round(outcome.ocrMs);
    log.info({ queue: 'ocr', sha256: job.data.sha256, ocr: outcome.ocr, ms, ocrMs }, `ocr ${job.data.sha256.slice(0, 12)} ${outcome.ocr} in ${ms} ms (OCR ${ocrMs} ms)`);
  });
  worker.on('failed', (job, error) => log.warn({ queue: 'ocr', jobId: job?.id, attempt: job?.attemptsMade }, `ocr ${job?.id ?? '?'} failed (attempt ${job?.attemptsMade ?? '?'}): ${error.message}`));
  worker.on('stalled', (jobId) => log.warn(`ocr ${jobId} stalled (its worker stopped renewing the lock); running it again`));
  worker.on('error', (error) => log.error(`ocr worker: ${error.message}`));
  return worker;
}
