import type { OcrEngine, OcrResult } from '../../domain/ocr.ts';
import { pageDocumentKey, type StoredPdfPage } from '../../domain/pdf-page-key.ts';
import { DependencyError } from '../../errors.ts';
import { readPdfPage, type ReadPage } from '../../pipeline/pdf/read-pdf-page.ts';
import { PDF_MEDIA_TYPE } from '../../stages/pdf/ingest-pdf.ts';
import type { PdfLimits } from '../../stages/pdf/pdf-limits.ts';
import type { BlobStore } from '../../store/blob-store.ts';
import type { Store } from '../../store/store.ts';
import type { PdfPageJob } from '../jobs.ts';
import type { OpenPdfs } from './open-pdfs.ts';
import { finishPdfPage } from './pdf-split.ts';

export type PdfPageJobDeps = { store: Store; blobs: BlobStore; engine: OcrEngine; pdf: PdfLimits; open: OpenPdfs };

export type PdfPageOutcome = { ocr: 'ran' | 'already-stored'; next: 'analysis' | 'none'; ocrMs: number; documentSha256: string };

/** The page's OCR record: its text and boxes as analysis reads them, the engines that read it (none: the text layer). */
function pageOcrRecord(read: ReadPage): OcrResult {
  const { width, height } = read.geometry;
  const engines = [...new Set(read.ocr.map((r) => r.engine))];
  const weight = (r: OcrResult) => Math.max(1, Array.from(r.text).length);
  const total = read.ocr.reduce((sum, r) => sum + weight(r), 0);
  const meanConfidence = total === 0 ? 100 : read.ocr.reduce((sum, r) => sum + r.meanConfidence * weight(r), 0) / total;
  const engine = engines.length === 0 ? 'pdf-text-layer' : engines.join('+');
  const languages = [...new Set(read.ocr.flatMap((r) => r.languages))];
  return {
    engine,
    languages,
    meanConfidence,
    width,
    height,
    text: read.text,
    boxes: read.boxes,
    raw: { engine, languages, text: read.ocr.map((r) => r.raw.text).join('\n\n'), meanConfidence, lines: read.ocr.flatMap((r) => r.raw.lines) },
  };
}

/**
 * One page of a stored PDF: read it and store it as its own document with its OCR record, for
 * the analysis job to tag as it tags a screenshot. Idempotent per (PDF sha256, page): a page
 * whose OCR record is stored is not read again (a retry after a crash between saving and
 * finishing), and one already analysed is only finished.
 */
export async function runPdfPageJob(job: PdfPageJob, deps: PdfPageJobDeps): Promise<PdfPageOutcome> {
  const { store } = deps;
  const documentSha256 = pageDocumentKey(job.sha256, job.page);
  if (await store.getOcrResult(documentSha256)) {
    if (!(await store.getLatestAnalysis(documentSha256))) return { ocr: 'already-stored', next: 'analysis', ocrMs: 0, documentSha256 };
    await finishPdfPage(store, job.sha256, job.page, 'done');
    return { ocr: 'already-stored', next: 'none', ocrMs: 0, documentSha256 };
  }
  const where = `page ${job.page} of ${job.pageCount}`;
  const blob = () =>
    deps.blobs.get(job.sha256).catch((error: unknown) => {
      if (error instanceof DependencyError && error.code === 'BLOB_MISSING') {
        throw new DependencyError('BLOB_MISSING', `the PDF ${job.sha256} is not in the blob store at ${deps.blobs.location}; every worker needs the producer's blob store`, { cause: error });
      }
      throw error;
    });
  const { doc, bytes, release } = await deps.open.acquire(job.sha256, blob, 'the file');
  const started = performance.now();
  let read: ReadPage;
  try {
    read = await readPdfPage(doc, job.page - 1, deps.pdf, deps.engine, where);
  } finally {
    await release();
  }
  const ocrMs = performance.now() - started;
  const g = read.geometry;
  const pdfPage: StoredPdfPage = {
    sourceSha256: job.sha256,
    page: job.page,
    pageCount: job.pageCount,
    geometry: { dpi: g.dpi, scale: g.scale, bounds: [...g.bounds], widthPoints: g.widthPoints, heightPoints: g.heightPoints, width: g.width, height: g.height },
    regions: read.regions,
    warnings: [...(doc.repaired ? [{ code: 'PDF_REPAIRED', message: 'the PDF was damaged and was repaired; pages may be missing' }] : []), ...read.warnings],
  };
  await store.putDocument({
    sha256: documentSha256,
    mediaType: PDF_MEDIA_TYPE,
    bytes,
    width: g.width,
    height: g.height,
    blobKey: job.sha256,
    firstPath: `${job.origin?.itemKey ?? job.sha256}#page=${job.page}`,
    pdfPage,
  });
  await store.saveOcrResult(documentSha256, pageOcrRecord(read));
  return { ocr: 'ran', next: 'analysis', ocrMs, documentSha256 };
}
