import { type Kysely, sql } from 'kysely';
import type { Database } from '../database-schema.ts';
import { toNumber } from '../row-mappers.ts';
import { inReviewStatus, type ReviewStatus } from './hit-queue.ts';

export type DocumentListFilters = {
  batchId?: string | undefined;
  script?: string | undefined;
  /** true: documents whose latest analysis has hits; false: analysed documents without any. */
  hasHits?: boolean | undefined;
  /** Documents with at least one hit (of their latest analysis) in this review status. */
  status?: DocumentStatus | undefined;
};

/** Where a page ended: upload time, then sha256 (the review queue's order, documents_queue). */
export type DocumentListCursor = { createdAt: string; sha256: string };

export type ListedDocument = {
  sha256: string;
  firstPath: string;
  mediaType: string;
  bytes: number;
  createdAt: string;
  /** Null until the document has been analysed. */
  script: string | null;
  hitCount: number;
};

type DocumentStatus = Exclude<ReviewStatus, 'withdrawn'>;

/**
 * The documents of the store, in upload order, keyset-paged on (created_at, sha256) so that
 * documents added while someone pages appear at the end and nothing is skipped or repeated.
 * Script and hit count come from each document's latest analysis.
 */
export class DocumentListRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async list(filters: DocumentListFilters, page: { limit: number; after?: DocumentListCursor | undefined }): Promise<ListedDocument[]> {
    // The document row names its latest analysis (saveAnalysis keeps it): a key lookup, not a max per document.
    const latest = sql`a.glossary_version = d.latest_glossary_version`;
    const conditions = [sql`1 = 1`];
    if (page.after) {
      conditions.push(sql`(d.created_at > ${page.after.createdAt} or (d.created_at = ${page.after.createdAt} and d.sha256 > ${page.after.sha256}))`);
    }
    if (filters.batchId) conditions.push(sql`exists (select 1 from batch_items bi where bi.batch_id = ${filters.batchId} and bi.sha256 = d.sha256)`);
    if (filters.script) conditions.push(sql`a.script = ${filters.script}`);
    if (filters.hasHits === true) conditions.push(sql`a.hit_count > 0`);
    if (filters.hasHits === false) conditions.push(sql`a.hit_count = 0`);
    // A hit's decisions are those of its review key; an undo back to pending (reopen) is none.
    if (filters.status) {
      conditions.push(sql`exists (select 1 from hits h where h.sha256 = d.sha256 and h.glossary_version = a.glossary_version
        and ${inReviewStatus(filters.status)})`);
    }
    const rows = await sql<{ sha256: string; first_path: string; media_type: string; bytes: number | string; created_at: string; script: string | null; hit_count: number | string | null }>`
      select d.sha256, d.first_path, d.media_type, d.bytes, d.created_at, a.script, a.hit_count
      from documents d left join analyses a on a.sha256 = d.sha256 and ${latest}
      where ${sql.join(conditions, sql` and `)}
      order by d.created_at, d.sha256 limit ${page.limit}`.execute(this.#db);
    return rows.rows.map((r) => ({
      sha256: r.sha256,
      firstPath: r.first_path,
      mediaType: r.media_type,
      bytes: toNumber(r.bytes),
      createdAt: r.created_at,
      script: r.script,
      hitCount: r.hit_count === null ? 0 : toNumber(r.hit_count),
    }));
  }
}
