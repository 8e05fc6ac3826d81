import type { Kysely } from 'kysely';
import { type DocumentResult, ocrSummary } from '../../domain/document-result.ts';
import type { Database } from '../database-schema.ts';
import { AnalysisRepository } from './analyses-and-hits.ts';
import { DocumentRepository } from './documents.ts';
import { inTransaction } from './in-transaction.ts';
import { OcrResultRepository } from './ocr-results.ts';

/**
 * A document's latest analysis in the `annotate --format jsonl` shape: a read across the
 * documents, OCR and analysis aggregates, so it owns no table and composes their repositories.
 */
export class DocumentResultReader {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  read(sha256: string, options: { path?: string } = {}): Promise<DocumentResult | undefined> {
    // One transaction, so the analysis and its hits are read as of the same moment even while
    // a retag rewrites them.
    return inTransaction(this.#db, async (trx) => {
      const analyses = new AnalysisRepository(trx);
      const analysis = await analyses.latest(sha256);
      if (!analysis) return undefined;
      const document = await new DocumentRepository(trx).get(sha256);
      if (!document) return undefined;
      const ocr = await new OcrResultRepository(trx).get(sha256);
      const hits = await analyses.hits(sha256, analysis.glossaryVersion);

      const width = document.width ?? ocr?.width;
      const height = document.height ?? ocr?.height;
      // A PDF page is shown as `annotate FILE.pdf` shows it: the PDF's sha256, the page, its scale.
      const page = document.pdfPage;
      return {
        source: {
          path: options.path ?? document.firstPath,
          sha256: page?.sourceSha256 ?? document.sha256,
          bytes: document.bytes,
          mediaType: document.mediaType,
          ...(width !== undefined ? { width } : {}),
          ...(height !== undefined ? { height } : {}),
          ...(page
            ? {
                page: page.page,
                pageCount: page.pageCount,
                dpi: page.geometry.dpi,
                pointsPerPixel: Math.round((72 / page.geometry.dpi) * 1e6) / 1e6,
                pageWidthPoints: page.geometry.widthPoints,
                pageHeightPoints: page.geometry.heightPoints,
              }
            : {}),
        },
        text: analysis.text,
        script: analysis.script,
        ...(ocr ? { ocr: ocrSummary(ocr) } : {}),
        glossaryVersion: analysis.glossaryVersion,
        tokens: analysis.tokens,
        // The domain hit only: row id, review key and reopening are the store's, not the output contract's.
        hits: hits.map(({ id: _id, sha256: _sha, glossaryVersion: _v, annotation: _a, reviewKey: _k, reopened: _r, ...hit }) => hit),
        annotations: hits.map((h) => h.annotation),
        ...(page ? { regions: page.regions, ...(page.warnings.length > 0 ? { warnings: page.warnings } : {}) } : {}),
      };
    });
  }
}
