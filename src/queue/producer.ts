import type { Queue } from 'bullmq';
import { freshSuffix, jobIdFor, pdfPageJobId, type AnalysisJob, type OcrJob, type PdfPageJob } from './jobs.ts';
import type { PipelineQueues } from './queues.ts';

/**
 * Adds pipeline jobs with ids derived from content hash and stage. A plain add is idempotent;
 * `fresh` (see jobIdFor) is for deliberate re-runs. Every job carries the producer's store id
 * (`await store.storeId()`), which workers check against their own.
 */
export class JobProducer {
  constructor(
    private readonly queues: PipelineQueues,
    readonly storeId: string,
  ) {}

  async addOcr(jobs: readonly { sha256: string; origin?: OcrJob['origin']; fresh?: string }[]): Promise<string[]> {
    if (jobs.length === 0) return [];
    const added = await this.queues.ocr.addBulk(
      jobs.map((job) => {
        const data: OcrJob = { kind: 'ocr', sha256: job.sha256, ...(job.origin ? { origin: job.origin } : {}), storeId: this.storeId };
        return { name: 'ocr', data, opts: { jobId: jobIdFor('ocr', job.sha256, job.fresh) } };
      }),
    );
    return added.map((job) => job.id!);
  }

  async addAnalysis(
    sha256: string,
    options: { reason: AnalysisJob['reason']; glossaryVersion?: string; fresh?: string },
  ): Promise<string> {
    const data: AnalysisJob = {
      kind: 'analysis',
      sha256,
      reason: options.reason,
      ...(options.glossaryVersion ? { glossaryVersion: options.glossaryVersion } : {}),
      storeId: this.storeId,
    };
    const job = await this.queues.analysis.add('analysis', data, { jobId: jobIdFor('analysis', sha256, options.fresh) });
    return job.id!;
  }

  /**
   * The analysis that follows OCR in the pipeline. As with addOcrForItems, a finished job with
   * the plain id (a document OCR'd again after its first analysis failed) gets a fresh id.
   */
  async addAnalysisAfterOcr(sha256: string): Promise<string> {
    const state = await this.queues.analysis.getJobState(jobIdFor('analysis', sha256));
    const finished = state === 'completed' || state === 'failed';
    return this.addAnalysis(sha256, { reason: 'pipeline', ...(finished ? { fresh: freshSuffix('again') } : {}) });
  }

  /**
   * OCR jobs for items entering (or re-entering) a batch. The plain id is used unless a job
   * with it already finished: then the plain add would be a silent no-op and the item would
   * wait for the reconciler, so it gets a fresh id at once.
   */
  async addOcrForItems(
    items: readonly { sha256: string; origin: NonNullable<OcrJob['origin']> }[],
    freshTag: string,
  ): Promise<string[]> {
    const states = await Promise.all(items.map((item) => this.queues.ocr.getJobState(jobIdFor('ocr', item.sha256))));
    return this.addOcr(
      items.map((item, i) => {
        const finished = states[i] === 'completed' || states[i] === 'failed';
        return finished ? { ...item, fresh: freshTag } : item;
      }),
    );
  }

  /**
   * One job per page of a split PDF (ids per PDF sha256 and page: a re-run of the split adds
   * nothing for a page whose job waits or runs). A page whose job already finished while the page
   * is still pending (its analysis was lost, or it failed before the page was recorded) gets a
   * fresh id, as addOcrForItems does for items.
   */
  async addPdfPages(
    sha256: string,
    pageCount: number,
    pages: readonly number[],
    origin: PdfPageJob['origin'],
  ): Promise<string[]> {
    if (pages.length === 0) return [];
    const states = await Promise.all(pages.map((page) => this.queues.ocr.getJobState(pdfPageJobId(sha256, page))));
    const fresh = freshSuffix('again');
    const added = await this.queues.ocr.addBulk(
      pages.map((page, i) => {
        const data: PdfPageJob = { kind: 'pdf-page', sha256, page, pageCount, ...(origin ? { origin } : {}), storeId: this.storeId };
        const finished = states[i] === 'completed' || states[i] === 'failed';
        return { name: 'pdf-page', data, opts: { jobId: pdfPageJobId(sha256, page, finished ? fresh : undefined) } };
      }),
    );
    return added.map((job) => job.id!);
  }

  queue(kind: 'ocr' | 'analysis'): Queue {
    return kind === 'ocr' ? this.queues.ocr : this.queues.analysis;
  }
}
