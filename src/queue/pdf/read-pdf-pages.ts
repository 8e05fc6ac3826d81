import type { OcrEngine } from '../../domain/ocr.ts';
import type { PdfLimits } from '../../stages/pdf/pdf-limits.ts';
import type { BlobStore } from '../../store/blob-store.ts';
import type { Store } from '../../store/store.ts';
import { type AnalysisJobDeps, runAnalysisJob } from '../analysis-job.ts';
import type { PdfPageJob } from '../jobs.ts';
import { OpenPdfs } from './open-pdfs.ts';
import { runPdfPageJob } from './pdf-page-job.ts';
import { finishPdfPage, type PdfSplitOutcome } from './pdf-split.ts';
import { errorSummary } from '../../errors.ts';

/**
 * The pages of a split PDF read in this process, one after another, by the same page and
 * analysis jobs the workers run: for `serve --no-redis`, where there is no queue to spread them
 * over. A page that fails is recorded as failed and the next page is read.
 */
export async function readPdfPagesInProcess(
  pdf: { sha256: string; split: PdfSplitOutcome; origin?: PdfPageJob['origin'] },
  deps: { store: Store; blobs: BlobStore; engine: OcrEngine; pdf: PdfLimits; analysis: AnalysisJobDeps },
): Promise<void> {
  const open = new OpenPdfs(deps.pdf);
  try {
    for (const page of pdf.split.pending) {
      const job: PdfPageJob = { kind: 'pdf-page', sha256: pdf.sha256, page, pageCount: pdf.split.pageCount, ...(pdf.origin ? { origin: pdf.origin } : {}) };
      try {
        const outcome = await runPdfPageJob(job, { ...deps, open });
        if (outcome.next === 'analysis') await runAnalysisJob({ kind: 'analysis', sha256: outcome.documentSha256, reason: 'pipeline' }, deps.analysis);
      } catch (error) {
        await finishPdfPage(deps.store, pdf.sha256, page, 'failed', errorSummary(error)).catch(() => undefined);
      }
    }
  } finally {
    await open.close();
  }
}
