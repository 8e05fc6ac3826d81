import type { Kysely } from 'kysely';
import type { Database } from '../database-schema.ts';
import { toNumber } from '../row-mappers.ts';
import { chunks, INSERT_CHUNK, now } from './sql-helpers.ts';

/**
 * The pages of split PDFs (migration 0008): one row per (PDF sha256, page) the split job found
 * readable, `pending` until the page's analysis is saved (`done`) or the page fails alone
 * (`failed`). Pages above the page cap get no row: page_count minus the rows is what was not read.
 */
export type PdfPageStatus = 'pending' | 'done' | 'failed';

export type PdfPageRecord = {
  pdfSha256: string;
  page: number;
  pageCount: number;
  documentSha256: string;
  status: PdfPageStatus;
  errorCode: string | null;
  errorMessage: string | null;
};

/** A batch's files and pages, for `status`: PDFs count once as files and once per page. */
export type BatchPageCounts = { pdfs: number; pages: number; pagesDone: number; pagesFailed: number; pagesPending: number; pagesNotRead: number };

export class PdfPageRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /** Records the PDF's readable pages; pages already recorded keep their status (a re-run of the split). */
  async record(pdfSha256: string, pageCount: number, pages: readonly { page: number; documentSha256: string }[]): Promise<void> {
    const at = now();
    for (const chunk of chunks(pages, INSERT_CHUNK)) {
      await this.#db
        .insertInto('pdf_pages')
        .values(
          chunk.map((p) => ({
            pdf_sha256: pdfSha256,
            page: p.page,
            page_count: pageCount,
            document_sha256: p.documentSha256,
            status: 'pending',
            error_code: null,
            error_message: null,
            updated_at: at,
          })),
        )
        .onConflict((oc) => oc.columns(['pdf_sha256', 'page']).doNothing())
        .execute();
    }
  }

  async list(pdfSha256: string): Promise<PdfPageRecord[]> {
    const rows = await this.#db.selectFrom('pdf_pages').selectAll().where('pdf_sha256', '=', pdfSha256).orderBy('page').execute();
    return rows.map((r) => ({
      pdfSha256: r.pdf_sha256,
      page: toNumber(r.page),
      pageCount: toNumber(r.page_count),
      documentSha256: r.document_sha256,
      status: r.status as PdfPageStatus,
      errorCode: r.error_code,
      errorMessage: r.error_message,
    }));
  }

  /**
   * Finishes one page (never moves a finished page back) and reports whether every recorded page
   * of its PDF is now finished: the caller then finishes the PDF's batch items.
   */
  async finish(
    pdfSha256: string,
    page: number,
    status: 'done' | 'failed',
    error?: { code: string; message: string },
  ): Promise<{ allFinished: boolean }> {
    await this.#db
      .updateTable('pdf_pages')
      .set({ status, error_code: error?.code ?? null, error_message: error?.message ?? null, updated_at: now() })
      .where('pdf_sha256', '=', pdfSha256)
      .where('page', '=', page)
      .where('status', '=', 'pending')
      .execute();
    // After the update, so of two pages finishing at once the later count sees both.
    const left = await this.#db
      .selectFrom('pdf_pages')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('pdf_sha256', '=', pdfSha256)
      .where('status', '=', 'pending')
      .executeTakeFirstOrThrow();
    return { allFinished: toNumber(left.n) === 0 };
  }

  /** The pages of the batch's PDF items (duplicates and failed files excluded: their pages are counted where they were read). */
  async batchCounts(batchId: string): Promise<BatchPageCounts> {
    const rows = await this.#db
      .selectFrom('batch_items')
      .innerJoin('pdf_pages', 'pdf_pages.pdf_sha256', 'batch_items.sha256')
      .select(['pdf_pages.pdf_sha256 as pdf', 'pdf_pages.page_count as pageCount', 'pdf_pages.status as status', (eb) => eb.fn.countAll().as('n')])
      .where('batch_items.batch_id', '=', batchId)
      .where('batch_items.status', '!=', 'duplicate')
      .groupBy(['pdf_pages.pdf_sha256', 'pdf_pages.page_count', 'pdf_pages.status'])
      .execute();
    const counts: BatchPageCounts = { pdfs: 0, pages: 0, pagesDone: 0, pagesFailed: 0, pagesPending: 0, pagesNotRead: 0 };
    const recorded = new Map<string, { pageCount: number; rows: number }>();
    for (const r of rows) {
      const n = toNumber(r.n);
      const pdf = recorded.get(r.pdf) ?? { pageCount: toNumber(r.pageCount), rows: 0 };
      pdf.rows += n;
      recorded.set(r.pdf, pdf);
      if (r.status === 'done') counts.pagesDone += n;
      else if (r.status === 'failed') counts.pagesFailed += n;
      else counts.pagesPending += n;
    }
    for (const pdf of recorded.values()) {
      counts.pdfs++;
      counts.pages += pdf.pageCount;
      counts.pagesNotRead += pdf.pageCount - pdf.rows;
    }
    return counts;
  }
}
