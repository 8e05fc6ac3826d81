import { createHash } from 'node:crypto';
import { pageDocumentKey } from '../../domain/pdf-page-key.ts';
import { DependencyError } from '../../errors.ts';
import { PdfDocument } from '../../stages/pdf/pdf-document.ts';
import type { PdfLimits } from '../../stages/pdf/pdf-limits.ts';
import { NON_TERMINAL_STATUSES, type Store } from '../../store/store.ts';
import type { OcrJob } from '../jobs.ts';

export type PdfSplitOutcome = { pageCount: number; repaired: boolean; pending: number[] };

/**
 * The OCR job of a PDF item is its split: open the PDF (its file-level checks: encrypted,
 * unreadable, empty), record its readable pages and say which are still pending. No page is
 * read here, so the pages spread over every OCR worker at once. Idempotent: pages already
 * recorded keep their status, so a re-run (a retry, the reconciler, a second batch with the
 * same PDF) queues only the pages not finished. Pages past the page cap get no record; `status`
 * counts them as not read.
 */
export async function splitPdf(job: OcrJob, data: Buffer, deps: { store: Store; pdf: PdfLimits }): Promise<PdfSplitOutcome> {
  const actual = createHash('sha256').update(data).digest('hex');
  if (actual !== job.sha256) {
    throw new DependencyError('BLOB_CORRUPT', `the stored original ${job.sha256} is damaged: its bytes hash to ${actual}`);
  }
  const doc = await PdfDocument.open('the file', data, deps.pdf);
  const { pageCount, repaired } = doc;
  await doc.close();
  const readable = Math.min(pageCount, deps.pdf.maxPages);
  const pages = Array.from({ length: readable }, (_, i) => ({ page: i + 1, documentSha256: pageDocumentKey(job.sha256, i + 1) }));
  await deps.store.pdfPages.record(job.sha256, pageCount, pages);
  const pending = (await deps.store.pdfPages.list(job.sha256)).filter((p) => p.status === 'pending').map((p) => p.page);
  // Every page finished before (an earlier batch held the same PDF): the item is done now.
  if (pending.length === 0) await deps.store.setDocumentItemsStatus(job.sha256, 'done', { from: NON_TERMINAL_STATUSES });
  return { pageCount, repaired, pending };
}

/**
 * A page finished (its analysis saved, or it failed alone): when it was the PDF's last, the
 * PDF's items are done; otherwise they are touched, so the reconciler does not take a PDF whose
 * pages are still being read for one whose jobs were lost.
 */
export async function finishPdfPage(
  store: Store,
  pdfSha256: string,
  page: number,
  status: 'done' | 'failed',
  error?: { code: string; message: string },
): Promise<void> {
  const { allFinished } = await store.pdfPages.finish(pdfSha256, page, status, error);
  await store.setDocumentItemsStatus(pdfSha256, allFinished ? 'done' : 'processing', { from: NON_TERMINAL_STATUSES });
}
