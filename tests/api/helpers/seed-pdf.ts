import { createHash } from 'node:crypto';
import { pageDocumentKey } from '../../../src/domain/pdf-page-key.ts';
import type { OcrEngine } from '../../../src/domain/ocr.ts';
import { pdfLimits } from '../../../src/pipeline/input-limits.ts';
import type { TextContext } from '../../../src/pipeline/text-context.ts';
import { readPdfPagesInProcess } from '../../../src/queue/pdf/read-pdf-pages.ts';
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
  await readPdfPagesInProcess({ sha256, split, origin }, { ...deps, pdf: limits, analysis: { store: deps.store, context: deps.context } });
  return { sha256, pages: Array.from({ length: split.pageCount }, (_, i) => pageDocumentKey(sha256, i + 1)) };
}
