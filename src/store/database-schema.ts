import type { Generated } from 'kysely';

/**
 * Kysely's view of the tables created by migrations.ts: one row type per table, in the portable
 * column types both backends share (text, integer, double precision; JSON as text; timestamps as
 * ISO 8601 text). Columns ending in `_json` hold JSON text, parsed back through zod on read.
 */
export interface DocumentsTable {
  sha256: string;
  media_type: string;
  bytes: number;
  width: number | null;
  height: number | null;
  blob_key: string;
  first_path: string;
  created_at: string;
  /** For a PDF page (migration 0008): the PDF's sha256, the 1-based page and its geometry etc. as JSON. */
  source_sha256: string | null;
  page: number | null;
  page_json: string | null;
  /**
   * The latest analysis's glossary version and hit count (migration 0010), written by each save
   * of an analysis in its transaction: the queue reads them here instead of finding each
   * document's latest analysis per query. Null until the document is analysed.
   */
  latest_glossary_version: string | null;
  latest_hit_count: number | null;
  /**
   * How many of the latest analysis's hits have each decision, and how many decided hits a
   * re-tag withdrew: the queue's counter without a filter on the hits is a sum of these over
   * the documents. Kept by refreshQueueTally (queue-tally.ts) under the document's row lock.
   */
  latest_confirmed: number;
  latest_rejected: number;
  latest_corrected: number;
  latest_withdrawn: number;
}

export interface PdfPagesTable {
  pdf_sha256: string;
  page: number;
  page_count: number;
  /** The page's document key (pageDocumentKey). */
  document_sha256: string;
  status: string;
  error_code: string | null;
  error_message: string | null;
  updated_at: string;
}

export interface OcrResultsTable {
  sha256: string;
  engine: string;
  languages_json: string;
  mean_confidence: number;
  width: number;
  height: number;
  clean_text: string;
  boxes_json: string;
  raw_json: string;
  created_at: string;
}

export interface AnalysesTable {
  sha256: string;
  glossary_version: string;
  analysed_text: string;
  script: string;
  tokens_json: string;
  hit_count: number;
  /** Per document, +1 on every save: the latest analysis without trusting clocks to differ. */
  seq: number;
  analysed_at: string;
}

export interface HitsTable {
  id: string;
  sha256: string;
  glossary_version: string;
  ordinal: number;
  entry_id: string;
  term: string;
  english: string;
  category: string;
  matched: string;
  start_offset: number;
  end_offset: number;
  kind: string;
  confidence: number;
  form: string;
  /** The glossary status of the matched form when it is not an ordinary one ('deprecated'). */
  status: string | null;
  /** The entry's preferred term, set together with `status`. */
  preferred: string | null;
  bbox_json: string | null;
  boxes_json: string | null;
  annotation_json: string;
  /** What its decisions belong to across glossary versions (src/domain/review-key.ts). */
  review_key: string;
  /** The review key of the decided hit this one replaced, when a glossary change made it pending again. */
  reopened_from: string | null;
  /** Why it is pending again, in words ("span moved: 李堡镇 → 李堡镇成立"). */
  reopened_reason: string | null;
}

export interface BatchesTable {
  id: string;
  name: string;
  source_path: string;
  created_at: string;
}

export interface BatchItemsTable {
  batch_id: string;
  item_key: string;
  sha256: string | null;
  status: string;
  error_code: string | null;
  error_message: string | null;
  duplicate_of: string | null;
  duplicate_of_item: string | null;
  attempts: number;
  created_at: string;
  updated_at: string;
}

export interface ReviewRevisionsTable {
  /** The hit the decision was made on (the glossary version it was shown under). */
  hit_id: string;
  /** What the decision is about: every hit with this key, in any glossary version, has it. */
  review_key: string | null;
  revision: number;
  decision: string;
  corrected_json: string | null;
  note: string | null;
  author: string;
  created_at: string;
  /** The bulk action that wrote this revision (migration 0009); null for a single decision. */
  bulk_id: string | null;
}

/**
 * Each review key's latest revision (migration 0010): written with every revision, in its
 * transaction, so the queue's counter reads one row per decided key instead of finding the
 * highest revision of every key per page.
 */
export interface LatestDecisionsTable {
  review_key: string;
  revision: number;
  decision: string;
}

export interface AuditLogTable {
  id: string;
  at: string;
  actor: string;
  action: string;
  subject: string;
  details_json: string;
}

export interface ApiTokensTable {
  id: string;
  name: string;
  role: string;
  /** sha256 hex of the whole token; the token itself is shown once and never stored. */
  token_hash: string;
  created_at: string;
  revoked_at: string | null;
}

export interface Database {
  documents: DocumentsTable;
  ocr_results: OcrResultsTable;
  analyses: AnalysesTable;
  hits: HitsTable;
  batches: BatchesTable;
  batch_items: BatchItemsTable;
  review_revisions: ReviewRevisionsTable;
  latest_decisions: LatestDecisionsTable;
  audit_log: AuditLogTable;
  api_tokens: ApiTokensTable;
  store_meta: StoreMetaTable;
  search_documents: SearchDocumentsTable;
  pdf_pages: PdfPagesTable;
}

/**
 * The search index's documents (migration 0007): a stable id per document, the analysed text of
 * its latest analysis and its script. The full-text part (FTS5 table, or PostgreSQL's `keys`
 * column of migration 0011, with the `search_signatures` table of migration 0014) is written and
 * read with raw SQL in src/store/search/ and repositories/search.ts, so it has no column here.
 */
export interface SearchDocumentsTable {
  id: Generated<number>;
  sha256: string;
  script: string;
  text: string;
}

/** Facts about the store itself, one row each (`store_id`: see migration 0004). */
export interface StoreMetaTable {
  key: string;
  value: string;
}
