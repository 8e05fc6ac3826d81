import type { DocumentFailure, DocumentOutcome, DocumentResult } from '../../domain/document-result.ts';
import type { UnitWarning } from '../../domain/document-unit.ts';
import type { OcrResult } from '../../domain/ocr.ts';
import { errorSummary } from '../../errors.ts';
import { ingestPdf, type PdfSource } from '../../stages/pdf/ingest-pdf.ts';
import { toViewrect } from '../../stages/pdf/page-geometry.ts';
import { PdfDocument } from '../../stages/pdf/pdf-document.ts';
import type { PdfLimits } from '../../stages/pdf/pdf-limits.ts';
import { runInOrder } from '../../util/run-in-order.ts';
import { analyseOcr } from '../analyse-ocr.ts';
import type { ImageContext } from '../annotate-image.ts';
import { readPdfPage, type ReadPage } from './read-pdf-page.ts';

/**
 * A PDF to one result per page, in page order, each of the same shape as a screenshot's (see
 * DESIGN.md, contracts). A page that fails yields an error object for that page and the others
 * go on; a PDF that cannot be opened at all is one error for the file (thrown).
 */

export type PdfContext = ImageContext & {
  pdf: PdfLimits;
  maxDocumentBytes: number;
  /** Pages read at once: the PDF thread extracts one at a time, OCR reads several. */
  pageConcurrency: number;
};

const round6 = (n: number) => Math.round(n * 1e6) / 1e6;

/** The page's `ocr` object: the engines that read its images or its render, confidence weighted by characters. */
function pageOcrSummary(results: readonly OcrResult[]): DocumentResult['ocr'] {
  if (results.length === 0) return undefined;
  const engines = [...new Set(results.map((r) => r.engine))];
  const languages = [...new Set(results.flatMap((r) => r.languages))];
  const weight = (r: OcrResult) => Math.max(1, Array.from(r.text).length);
  const total = results.reduce((sum, r) => sum + weight(r), 0);
  const meanConfidence = results.reduce((sum, r) => sum + r.meanConfidence * weight(r), 0) / total;
  const route = results.length === 1 ? results[0]!.raw.route : undefined;
  return {
    engine: engines.join('+'),
    languages,
    meanConfidence,
    rawText: results.map((r) => r.raw.text).join('\n\n'),
    ...(route ? { route } : {}),
  };
}

function pageResult(source: PdfSource, page: number, pageCount: number, read: ReadPage, warnings: UnitWarning[], ctx: PdfContext): DocumentResult {
  const g = read.geometry;
  const analysis = analyseOcr(
    { text: read.text, boxes: read.boxes },
    { sha256: source.sha256, mediaType: source.mediaType, unit: `page=${page}`, pdfPage: { page, toViewrect: (box) => toViewrect(g, box) } },
    ctx,
  );
  const ocr = pageOcrSummary(read.ocr);
  const allWarnings = [...warnings, ...read.warnings];
  return {
    source: {
      path: source.path,
      sha256: source.sha256,
      bytes: source.bytes,
      mediaType: source.mediaType,
      width: g.width,
      height: g.height,
      page,
      pageCount,
      dpi: g.dpi,
      pointsPerPixel: round6(72 / g.dpi),
      pageWidthPoints: g.widthPoints,
      pageHeightPoints: g.heightPoints,
    },
    text: read.text,
    script: analysis.script,
    ...(ocr ? { ocr } : {}),
    glossaryVersion: ctx.glossary.version,
    tokens: analysis.tokens,
    hits: analysis.hits,
    annotations: analysis.annotations,
    regions: read.regions,
    ...(allWarnings.length > 0 ? { warnings: allWarnings } : {}),
  };
}

export async function annotatePdf(path: string, ctx: PdfContext, emit: (outcome: DocumentOutcome) => void): Promise<void> {
  const { source, data } = await ingestPdf(path, ctx.maxDocumentBytes);
  const doc = await PdfDocument.open(path, data, ctx.pdf);
  try {
    const { pageCount } = doc;
    const readable = Math.min(pageCount, ctx.pdf.maxPages);
    const fileWarnings: UnitWarning[] = doc.repaired
      ? [{ code: 'PDF_REPAIRED', message: 'the PDF was damaged (its cross-reference table is broken or missing) and was repaired; pages may be missing' }]
      : [];
    const pages = Array.from({ length: readable }, (_, i) => i);
    await runInOrder(
      pages,
      ctx.pageConcurrency,
      async (index): Promise<DocumentOutcome> => {
        const page = index + 1;
        const where = `${path}: page ${page} of ${pageCount}`;
        try {
          return pageResult(source, page, pageCount, await readPdfPage(doc, index, ctx.pdf, ctx.engine, where), fileWarnings, ctx);
        } catch (error) {
          const failure: DocumentFailure = { source: { path, sha256: source.sha256, page, pageCount }, error: errorSummary(error) };
          return failure;
        }
      },
      emit,
    );
    if (pageCount > readable) {
      emit({
        source: { path, sha256: source.sha256, page: readable + 1, pageCount },
        error: {
          code: 'PDF_TOO_MANY_PAGES',
          message: `${path}: pages ${readable + 1}–${pageCount} of ${pageCount} were not read: above the limit of ${ctx.pdf.maxPages} pages per PDF (TERMLENS_PDF_MAX_PAGES)`,
        },
      });
    }
  } finally {
    await doc.close();
  }
}
