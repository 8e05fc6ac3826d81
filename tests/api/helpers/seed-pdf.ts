import { createHash } from 'node:crypto';
import { pageDocumentKey } from '../../../src/domain/pdf-page-key.ts';
import type { OcrEngine } from '../../../src/domain/ocr.ts';
import { pdfLimits } from '../../../src/pipeline/input-limits.ts';
import type { TextContext } from '../../../src/pipeline/text-context.ts';
import { runAnalysisJob } from '../../../src/queue/analysis-job.ts';
import { OpenPdfs } from '../../../src/queue/pdf/open-pdfs.ts';
import { runPdfPageJob } from '../../../src/queue/pdf/pdf-page-job.ts';
import { splitPdf } from '../../../src/queue/pdf/pdf-split.ts';
import type { BlobStore } from '../../../src/store/blob-store.ts';
import type { Store } from '../../../src/store/store.ts';

/**
 * A PDF through the batch path's own steps, in this process: stored as a blob, split, each page
 * read by the page job and analysed by the analysis job, as the workers do it (no Redis: the
 * jobs' functions are called in order). Returns each page's document key.
 */
export async function seedPdf(
  deps: { store: Store; blobs: BlobStore; engine: OcrEngine; context: () => Promise<TextContext> },
  pdf: Buffer,
  name: string,
): Promise<{ sha256: string; pages: string[] }> {
  const sha256 = createHash('sha256').update(pdf).digest('hex');
  await deps.blobs.put(sha256, pdf);
  const limits = pdfLimits();
  const origin = { batchId: 'seed', itemKey: name };
  const split = await splitPdf({ kind: 'ocr', sha256, origin }, pdf, { store: deps.store, pdf: limits });
  const open = new OpenPdfs(limits);
  try {
    for (const page of split.pending) {
      const outcome = await runPdfPageJob({ kind: 'pdf-page', sha256, page, pageCount: split.pageCount, origin }, { ...deps, pdf: limits, open });
      await runAnalysisJob({ kind: 'analysis', sha256: outcome.documentSha256, reason: 'pipeline' }, { store: deps.store, context: deps.context });
    }
  } finally {
    await open.close();
  }
  return { sha256, pages: Array.from({ length: split.pageCount }, (_, i) => pageDocumentKey(sha256, i + 1)) };
}
