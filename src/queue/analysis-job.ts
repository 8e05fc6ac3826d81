import { DependencyError } from '../errors.ts';
import { analyseOcr } from '../pipeline/analyse-ocr.ts';
import type { TextContext } from '../pipeline/text-context.ts';
import { toViewrect } from '../stages/pdf/page-geometry.ts';
import { NON_TERMINAL_STATUSES, type DocumentRecord, type Store } from '../store/store.ts';
import type { AnalysisJob } from './jobs.ts';
import { finishPdfPage } from './pdf/pdf-split.ts';

export type AnalysisJobDeps = {
  store: Store;
  /** The glossary and segmenter to use: the requested version, or the worker's current one. */
  context(glossaryVersion: string | undefined): Promise<TextContext>;
};

/**
 * script → segment → tag → locate → annotate over the stored OCR text: no image is read and no
 * OCR runs, which is what makes retag cheap. Saving is idempotent (hit ids are derived from
 * content, version and position), so a repeated job leaves the same rows.
 */
export async function runAnalysisJob(job: AnalysisJob, deps: AnalysisJobDeps): Promise<{ glossaryVersion: string; hits: number }> {
  const { store } = deps;
  const [ocr, document] = await Promise.all([store.getOcrText(job.sha256), store.getDocument(job.sha256)]);
  if (!ocr || !document) {
    // Only reachable when the OCR step's writes are not visible yet or were lost; a retry
    // (or the reconciler re-running OCR) repairs it.
    throw new DependencyError('OCR_RESULT_MISSING', `no stored OCR result for ${job.sha256}`);
  }
  const ctx = await deps.context(job.glossaryVersion);
  const analysis = analyseOcr(ocr, annotationSource(document), ctx);
  await store.saveAnalysis({
    sha256: job.sha256,
    glossaryVersion: ctx.glossary.version,
    text: ocr.text,
    script: analysis.script,
    tokens: analysis.tokens,
    hits: analysis.hits,
    annotations: analysis.annotations,
  });
  // A PDF page's items are the PDF's: the page is finished, and the PDF with its last page.
  if (document.pdfPage) await finishPdfPage(store, document.pdfPage.sourceSha256, document.pdfPage.page, 'done');
  else await store.setDocumentItemsStatus(job.sha256, 'done', { from: NON_TERMINAL_STATUSES });
  return { glossaryVersion: ctx.glossary.version, hits: analysis.hits.length };
}

/**
 * What the annotations target: the image itself, or for a PDF page the PDF (its sha256, the unit
 * `page=N` and an RFC 8118 selector in points), exactly as `annotate FILE.pdf` makes them.
 */
function annotationSource(document: DocumentRecord) {
  const page = document.pdfPage;
  if (!page) return { sha256: document.sha256, mediaType: document.mediaType };
  return {
    sha256: page.sourceSha256,
    mediaType: document.mediaType,
    unit: `page=${page.page}`,
    pdfPage: { page: page.page, toViewrect: (box: Parameters<typeof toViewrect>[1]) => toViewrect(page.geometry, box) },
  };
}
