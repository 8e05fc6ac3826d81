import { Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Config } from '../../config.ts';
import type { Log } from '../log.ts';
import { OcrJobSchema, PdfPageJobSchema, QUEUE_NAMES, type OcrJob, type PdfPageJob } from '../jobs.ts';
import { runOcrJob, type OcrJobDeps, type OcrJobOutcome } from '../ocr-job.ts';
import { OpenPdfs } from '../pdf/open-pdfs.ts';
import { runPdfPageJob, type PdfPageOutcome } from '../pdf/pdf-page-job.ts';
import { finishPdfPage } from '../pdf/pdf-split.ts';
import type { JobProducer } from '../producer.ts';
import { parseJobData, runStage, runStageRecording } from '../run-stage.ts';
import { refuseForeignJob, type OwnStore } from '../store-mismatch.ts';
import { trimNativeHeap } from '../../util/native-heap.ts';
import { workerOptions } from './worker-settings.ts';

type OcrQueueJob = OcrJob | PdfPageJob;
type OcrQueueOutcome = OcrJobOutcome | PdfPageOutcome;

/**
 * A page fails alone: bad input at once, anything else on its last attempt. Its failure goes to
 * the page's record (the PDF's item stays for its other pages), never to the item.
 */
function runPageStage(job: Job, deps: OcrJobDeps, payload: PdfPageJob, work: () => Promise<PdfPageOutcome>): Promise<PdfPageOutcome> {
  return runStageRecording(job, (summary) => finishPdfPage(deps.store, payload.sha256, payload.page, 'failed', summary), work);
}

/** The OCR queue's worker: OCR of an image, the split of a PDF, or one page of a PDF; then hand on to analysis. */
export function createOcrWorker(options: {
  connection: Redis;
  config: Config;
  concurrency: number;
  /** This worker's store: jobs of another store are refused before anything is read or written. */
  own: OwnStore;
  deps: OcrJobDeps;
  producer: JobProducer;
  log: Log;
}): Worker<OcrQueueJob, OcrQueueOutcome> {
  const { deps, producer, log } = options;
  const open = new OpenPdfs(deps.pdf);
  const worker = new Worker<OcrQueueJob, OcrQueueOutcome>(
    QUEUE_NAMES.ocr,
    async (job) => {
      // Before runStage: a refused job must not write its failure into this (the wrong) store.
      await refuseForeignJob(job, options.own, options.connection, options.config.queuePrefix);
      if (job.name === 'pdf-page') {
        const payload = parseJobData(PdfPageJobSchema, job.data);
        return runPageStage(job, deps, payload, async () => {
          const outcome = await runPdfPageJob(payload, { ...deps, open }).finally(trimNativeHeap);
          if (outcome.next === 'analysis') await producer.addAnalysisAfterOcr(outcome.documentSha256);
          return outcome;
        });
      }
      const payload = parseJobData(OcrJobSchema, job.data);
      return runStage(job, deps.store, payload.sha256, async () => {
        // A page's native buffers would stay resident as freed fragments; see native-heap.ts.
        const outcome = await runOcrJob(payload, deps).finally(trimNativeHeap);
        // Added before this job completes: if the process dies in between, the OCR job is
        // retried, finds its result stored and adds the analysis again (same id, no double).
        if (outcome.next === 'analysis') await producer.addAnalysisAfterOcr(payload.sha256);
        if (outcome.ocr === 'split' && outcome.next === 'pages') {
          await producer.addPdfPages(payload.sha256, outcome.split.pageCount, outcome.split.pending, payload.origin);
        }
        return outcome;
      });
    },
    workerOptions(options.connection, options.config, options.concurrency),
  );
  worker.on('completed', (job, outcome) => {
    const ms = (job.finishedOn ?? Date.now()) - (job.processedOn ?? Date.now());
    const ocrMs = Math.round(outcome.ocrMs);
    const sha = job.data.sha256.slice(0, 12);
    if (job.data.kind === 'pdf-page') {
      const page = job.data.page;
      log.info({ queue: 'ocr', sha256: job.data.sha256, page, ocr: outcome.ocr, ms, ocrMs }, `pdf-page ${sha} p${page} ${outcome.ocr} in ${ms} ms (OCR ${ocrMs} ms)`);
    } else if (outcome.ocr === 'split') {
      const { pageCount, pending } = outcome.split;
      log.info({ queue: 'ocr', sha256: job.data.sha256, pageCount, queued: pending.length, ms }, `pdf ${sha} split: ${pageCount} pages, ${pending.length} queued, in ${ms} ms`);
    } else {
      log.info({ queue: 'ocr', sha256: job.data.sha256, ocr: outcome.ocr, ms, ocrMs }, `ocr ${sha} ${outcome.ocr} in ${ms} ms (OCR ${ocrMs} ms)`);
    }
  });
  worker.on('closed', () => void open.close());
  worker.on('failed', (job, error) => log.warn({ queue: 'ocr', jobId: job?.id, attempt: job?.attemptsMade }, `ocr ${job?.id ?? '?'} failed (attempt ${job?.attemptsMade ?? '?'}): ${error.message}`));
  worker.on('stalled', (jobId) => log.warn(`ocr ${jobId} stalled (its worker stopped renewing the lock); running it again`));
  worker.on('error', (error) => log.error(`ocr worker: ${error.message}`));
  return worker;
}
