import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Config } from '../config.ts';
import { jobOptions } from './job-options.ts';
import { QUEUE_NAMES, type AnalysisJob, type OcrJob, type PdfPageJob } from './jobs.ts';

/** The two queues of the pipeline, on one connection, under the deployment's prefix. */
export type PipelineQueues = {
  /** OCR jobs, and the page jobs of split PDFs (OCR work too). */
  ocr: Queue<OcrJob | PdfPageJob>;
  analysis: Queue<AnalysisJob>;
  close(): Promise<void>;
};

export function openQueues(
  connection: Redis,
  config: Pick<Config, 'queuePrefix' | 'jobAttempts' | 'jobBackoffMs'>,
): PipelineQueues {
  const options = { connection, prefix: config.queuePrefix, defaultJobOptions: jobOptions(config) };
  const ocr = new Queue<OcrJob | PdfPageJob>(QUEUE_NAMES.ocr, options);
  const analysis = new Queue<AnalysisJob>(QUEUE_NAMES.analysis, options);
  // Connection trouble is reported by whoever owns the connection; unhandled, it would crash.
  for (const queue of [ocr, analysis]) queue.on('error', () => undefined);
  return {
    ocr,
    analysis,
    async close() {
      await Promise.allSettled([ocr.close(), analysis.close()]);
    },
  };
}
