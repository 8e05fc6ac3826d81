import { z } from 'zod';
import { WebAnnotationSchema } from '../domain/annotation.ts';
import type { DocumentResult } from '../domain/document-result.ts';
import { HitSchema, TokenSchema } from '../domain/hit.ts';
import type { OcrResult } from '../domain/ocr.ts';
import type { HitQueueRepository } from './repositories/hit-queue.ts';
import type { DocumentListRepository } from './repositories/document-list.ts';
import type { SearchRepository } from './repositories/search.ts';
import type { TokenRepository } from './repositories/tokens.ts';

export type OcrText = Pick<OcrResult, 'text' | 'boxes'>;
import { Sha256Schema } from '../domain/source.ts';
import { ScriptSchema } from '../domain/script.ts';
import { StoredPdfPageSchema } from '../domain/pdf-page-key.ts';
import type { PdfPageRepository } from './repositories/pdf-pages.ts';

/**
 * The durable record of termlens: documents, OCR results, analyses and hits, batches and their
 * items, review revisions and the audit log. Redis only carries work; whatever a worker, the
 * CLI or the reconciler needs to know after a crash is here. Two backends (SQLite file,
 * PostgreSQL) implement this one interface through one Kysely code path and the same migrations:
 * one repository per aggregate (src/store/repositories/, docs/store.md), composed by KyselyStore.
 *
 * Timestamps are ISO 8601 UTC strings (`Date#toISOString`): portable, readable in a SQL shell,
 * and they sort as text, so "updated before a cutoff" is a plain comparison on both backends.
 */

// ─── documents ───────────────────────────────────────────────────────────────

/** What the ingest stage knows about an original before it is stored. */
export const NewDocumentSchema = z.object({
  sha256: Sha256Schema,
  mediaType: z.string().min(1),
  bytes: z.number().int().nonnegative(),
  /** As displayed (EXIF orientation applied); absent for text documents. */
  width: z.number().int().positive().optional(),
  height: z.number().int().positive().optional(),
  /** Key in the blob store; the blob store is content-addressed, so it defaults to the sha256. */
  blobKey: z.string().min(1).optional(),
  /** Path or zip entry name under which the content was first seen; for messages only, never a key. */
  firstPath: z.string().min(1),
  /** A PDF page: its PDF, page number, geometry, regions and warnings (the key is pageDocumentKey). */
  pdfPage: StoredPdfPageSchema.optional(),
});
export type NewDocument = z.infer<typeof NewDocumentSchema>;

export const DocumentRecordSchema = z.object({
  sha256: Sha256Schema,
  mediaType: z.string(),
  bytes: z.number().int().nonnegative(),
  width: z.number().int().positive().optional(),
  height: z.number().int().positive().optional(),
  blobKey: z.string(),
  firstPath: z.string(),
  createdAt: z.string(),
  pdfPage: StoredPdfPageSchema.optional(),
});
export type DocumentRecord = z.infer<typeof DocumentRecordSchema>;

// ─── analyses and hits ───────────────────────────────────────────────────────

/**
 * The output of the analysis stages (script, segment, tag, locate, annotate) for one document
 * under one glossary version. `annotations[i]` is the W3C annotation of `hits[i]`
 * (annotateHits keeps that order), so both arrays have the same length.
 */
export const AnalysisInputSchema = z.object({
  sha256: Sha256Schema,
  /** Content hash of the compiled glossary the hits came from. */
  glossaryVersion: z.string().min(1),
  /** The text that was analysed (the cleaned OCR text for an image); offsets point into it. */
  text: z.string(),
  script: ScriptSchema,
  tokens: z.array(TokenSchema),
  hits: z.array(HitSchema),
  annotations: z.array(WebAnnotationSchema),
});
export type AnalysisInput = z.infer<typeof AnalysisInputSchema>;

export const AnalysisRecordSchema = AnalysisInputSchema.omit({ hits: true, annotations: true }).extend({
  hitCount: z.number().int().nonnegative(),
  /** When this (document, glossary version) pair was last saved; the latest analysis is the last saved. */
  analysedAt: z.string(),
});
export type AnalysisRecord = z.infer<typeof AnalysisRecordSchema>;

/**
 * A hit as stored: the domain hit plus its deterministic id (derived from sha256, glossary
 * version, entry and position; saving the same analysis again yields the same ids) and its
 * review key, which its decisions belong to: every glossary version's hit with the same key
 * shares them (src/domain/review-key.ts).
 */
export const StoredHitSchema = HitSchema.extend({
  id: z.string(),
  sha256: Sha256Schema,
  glossaryVersion: z.string(),
  annotation: WebAnnotationSchema,
  reviewKey: z.string(),
  /** Set when a glossary change made a decided hit at this place pending again: its key and why. */
  reopened: z.object({ from: z.string(), reason: z.string() }).optional(),
});
export type StoredHit = z.infer<typeof StoredHitSchema>;

// ─── batches ─────────────────────────────────────────────────────────────────

/**
 * received: committed, not yet handed to Redis (the record comes first, so nothing is lost
 * between the two); queued: a job exists; processing: a worker took it; done, failed and
 * duplicate are terminal.
 */
export const ItemStatusSchema = z.enum(['received', 'queued', 'processing', 'done', 'failed', 'duplicate']);
export type ItemStatus = z.infer<typeof ItemStatusSchema>;
export const TERMINAL_STATUSES: readonly ItemStatus[] = ['done', 'failed', 'duplicate'];
export const NON_TERMINAL_STATUSES: readonly ItemStatus[] = ['received', 'queued', 'processing'];

export const BatchRecordSchema = z.object({
  id: z.string(),
  /** Unique: running the same `batch` command again finds this batch and resumes it. */
  name: z.string(),
  sourcePath: z.string(),
  createdAt: z.string(),
});
export type BatchRecord = z.infer<typeof BatchRecordSchema>;

export const NewBatchItemSchema = z.object({
  /** Relative path inside the folder, or the zip entry name; unique within the batch. */
  itemKey: z.string().min(1),
  /** Null when the file could not even be read (its failure is recorded with the item). */
  sha256: Sha256Schema.nullable().optional(),
  /** Only applied when the item is new; an existing item keeps its status (resume). */
  status: ItemStatusSchema.optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});
export type NewBatchItem = z.infer<typeof NewBatchItemSchema>;

export const BatchItemRecordSchema = z.object({
  batchId: z.string(),
  itemKey: z.string(),
  sha256: Sha256Schema.nullable(),
  status: ItemStatusSchema,
  errorCode: z.string().nullable(),
  errorMessage: z.string().nullable(),
  /** For a duplicate: the sha256 of the first document with this content. */
  duplicateOf: Sha256Schema.nullable(),
  /** For a duplicate of an item in the same batch: that item's key (null when the original is an older document). */
  duplicateOfItem: z.string().nullable(),
  attempts: z.number().int().nonnegative(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type BatchItemRecord = z.infer<typeof BatchItemRecordSchema>;

export type BatchCounts = Record<ItemStatus, number> & { total: number };

export type SetItemStatusOptions = {
  error?: { code: string; message: string } | null;
  sha256?: string;
  /**
   * Only change the item when its current status is one of these; guards against a late or
   * repeated job moving a finished item backwards. Without it the change is unconditional.
   */
  from?: readonly ItemStatus[];
};

// ─── review and audit ────────────────────────────────────────────────────────

/**
 * What a revision decides. `reopen` is never a reviewer's choice: an undo writes it where the
 * decision it takes back had nothing before it, so the hit is pending again (append-only:
 * the undone revision stays in the history).
 */
export const ReviewDecisionSchema = z.enum(['confirm', 'reject', 'correct', 'reopen']);
export type ReviewDecision = z.infer<typeof ReviewDecisionSchema>;

export const NewReviewRevisionSchema = z.object({
  hitId: z.string().min(1),
  /** 1 for the first decision on a hit, then +1; a taken number is a conflict, never an overwrite. */
  revision: z.number().int().positive(),
  decision: ReviewDecisionSchema,
  /** For `correct`: the hit fields the translator changed (entryId, term, start, end, bbox, …). */
  corrected: z.record(z.string(), z.unknown()).nullable().optional(),
  note: z.string().nullable().optional(),
  author: z.string().min(1),
  /** The bulk action this revision is part of (POST /api/decisions), absent for a single decision. */
  bulkId: z.string().min(1).nullable().optional(),
});
export type NewReviewRevision = z.infer<typeof NewReviewRevisionSchema>;

export const ReviewRevisionRecordSchema = NewReviewRevisionSchema.extend({
  corrected: z.record(z.string(), z.unknown()).nullable(),
  note: z.string().nullable(),
  bulkId: z.string().nullable(),
  createdAt: z.string(),
});
export type ReviewRevisionRecord = z.infer<typeof ReviewRevisionRecordSchema>;

export const NewAuditEntrySchema = z.object({
  actor: z.string().min(1),
  /** A stable verb, e.g. `batch.created`, `review.confirm`, `glossary.retag`. */
  action: z.string().min(1),
  /** What it was done to, e.g. a batch id, a hit id, a sha256. */
  subject: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type NewAuditEntry = z.infer<typeof NewAuditEntrySchema>;

export const AuditEntryRecordSchema = NewAuditEntrySchema.extend({
  id: z.string(),
  at: z.string(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEntryRecord = z.infer<typeof AuditEntryRecordSchema>;

// ─── the interface ───────────────────────────────────────────────────────────

export type StoreBackend = 'sqlite' | 'postgres';

export interface Store {
  readonly backend: StoreBackend;
  /** Where the store is, for messages: the SQLite file, or PostgreSQL's host and database (never a password). */
  readonly location: string;
  /**
   * The id the database was given when it was created (a UUID kept in the database, so every
   * process opening it reads the same one). Jobs carry their producer's; a worker whose store
   * has another refuses them (STORE_MISMATCH).
   */
  storeId(): Promise<string>;

  // documents
  /** Inserts the document unless its sha256 is known; `created` says which. Never changes an existing row. */
  putDocument(doc: NewDocument): Promise<{ document: DocumentRecord; created: boolean }>;
  getDocument(sha256: string): Promise<DocumentRecord | undefined>;
  /** Distinct sha256s of stored documents, sorted; with a batch id, those of that batch's items (for retag/export). */
  listDocumentSha256s(options?: { batchId?: string }): Promise<string[]>;

  // OCR
  /** Replaces the document's OCR result (one per document: OCR is re-run only deliberately). */
  saveOcrResult(sha256: string, ocr: OcrResult): Promise<void>;
  getOcrResult(sha256: string): Promise<OcrResult | undefined>;
  /**
   * The cleaned text and its character boxes alone: what analysis reads. The engine's raw
   * output, most of the row, is neither parsed nor checked (a third of an analysis job's time).
   */
  getOcrText(sha256: string): Promise<OcrText | undefined>;

  // analyses
  /**
   * Saves the analysis of (sha256, glossaryVersion), replacing that pair's hits in one
   * transaction; other glossary versions' hits are kept. Hit ids are deterministic, so saving
   * the same analysis twice leaves the same rows. The saved pair becomes the latest analysis.
   */
  saveAnalysis(analysis: AnalysisInput): Promise<{ hitIds: string[] }>;
  /** The most recently saved analysis of the document (any glossary version). */
  getLatestAnalysis(sha256: string): Promise<AnalysisRecord | undefined>;
  /** Hits of one glossary version, or of the latest analysis when none is given; in text order. */
  listHits(sha256: string, glossaryVersion?: string): Promise<StoredHit[]>;
  getHit(hitId: string): Promise<StoredHit | undefined>;
  /**
   * The document's latest analysis in the `annotate --format jsonl` shape, ready for export;
   * undefined until the document has been analysed. `path` replaces the first-seen path
   * (e.g. the batch item key) in `source.path`.
   */
  getDocumentResult(sha256: string, options?: { path?: string }): Promise<DocumentResult | undefined>;

  // batches
  /** Finds the batch with this name, or creates it; `created` is false when resuming. Safe under concurrency. */
  createOrFindBatch(input: { name: string; sourcePath: string }): Promise<{ batch: BatchRecord; created: boolean }>;
  getBatch(id: string): Promise<BatchRecord | undefined>;
  findBatchByName(name: string): Promise<BatchRecord | undefined>;
  /** All batches, newest first. */
  listBatches(): Promise<BatchRecord[]>;
  /**
   * Inserts items that are new (status `received` unless given) and returns every given item as
   * stored, in input order. Existing items keep their status, error and attempts; a missing
   * sha256 is filled in. Running it twice changes nothing.
   */
  upsertBatchItems(batchId: string, items: readonly NewBatchItem[]): Promise<BatchItemRecord[]>;
  getBatchItem(batchId: string, itemKey: string): Promise<BatchItemRecord | undefined>;
  /**
   * Sets one item's status (and error: given error is stored, `null` or a non-failed status
   * clears it) and touches updated_at. Returns false when the item does not exist or `from`
   * did not match.
   */
  setItemStatus(batchId: string, itemKey: string, status: ItemStatus, options?: SetItemStatusOptions): Promise<boolean>;
  /**
   * Sets the status of every item, in any batch, that holds this document and is not a
   * duplicate (a job is keyed by sha256, so one job finishes all of them). Returns how many changed.
   */
  setDocumentItemsStatus(sha256: string, status: ItemStatus, options?: Omit<SetItemStatusOptions, 'sha256'>): Promise<number>;
  /**
   * Marks as `duplicate` the batch's `received`/`queued` items whose sha256 either belongs to a
   * document stored before the batch was created (unless `againstEarlierDocuments` is false), or
   * is shared with an earlier item of the batch (first by created_at, then item key, is kept).
   * duplicate_of is the sha256 of that first document. Returns the items it marked.
   */
  markDuplicates(batchId: string, options?: { againstEarlierDocuments?: boolean }): Promise<BatchItemRecord[]>;
  batchCounts(batchId: string): Promise<BatchCounts>;
  /** Items of a batch in item-key order, optionally only some statuses; page with `afterKey`. */
  listBatchItems(
    batchId: string,
    options?: { status?: ItemStatus | readonly ItemStatus[]; limit?: number; afterKey?: string },
  ): Promise<BatchItemRecord[]>;
  /** Non-terminal items whose updated_at is before the cutoff, oldest first: what the reconciler re-enqueues. */
  listStaleItems(options: { updatedBefore: Date; batchId?: string; limit?: number }): Promise<BatchItemRecord[]>;
  /** Adds one attempt and touches updated_at (so the reconciler waits again); returns the new count. */
  incrementAttempts(batchId: string, itemKey: string): Promise<number>;

  // review and audit
  /** Appends a revision; throws RevisionConflictError (code REVIEW_REVISION_CONFLICT) when that number is taken. */
  appendReviewRevision(revision: NewReviewRevision): Promise<ReviewRevisionRecord>;
  /** A hit's revisions, oldest first: those of its review key, made on any glossary version's hit. */
  listReviewRevisions(hitId: string): Promise<ReviewRevisionRecord[]>;
  /** The revisions of a review key, oldest first (a reopened hit's earlier decisions). */
  listReviewRevisionsOfKey(reviewKey: string): Promise<ReviewRevisionRecord[]>;
  /** The latest revision of each of these hits that has one, by hit id (for exports). */
  latestReviewRevisions(hitIds: readonly string[]): Promise<Map<string, ReviewRevisionRecord>>;
  /** The revisions one bulk action wrote, in hit id order (for its undo). */
  listBulkRevisions(bulkId: string): Promise<ReviewRevisionRecord[]>;
  appendAudit(entry: NewAuditEntry): Promise<AuditEntryRecord>;
  /** Newest first. */
  listAudit(options?: { subject?: string; limit?: number }): Promise<AuditEntryRecord[]>;

  // query modules of the review service, as named repositories (there is no raw database handle)
  /** The review queue across documents: `queued(filters, page)`, `count(filters)`, `cursorOf(hitId)`. */
  readonly hits: HitQueueRepository;
  /** API tokens: create, verify, getLive, list, revoke. */
  readonly tokens: TokenRepository;
  /** Search over the documents' folded text (migration 0007): `search(patterns, filters, page)`. */
  readonly search: SearchRepository;
  /** The documents in upload order with their script and hit count, filtered: `list(filters, page)`. */
  readonly documentList: DocumentListRepository;

  /**
   * Runs `work` in one transaction, on a store bound to it: everything `work` does through that
   * store is committed together or not at all (a throw rolls it back). Inside, use only the store
   * given: on SQLite the transaction holds the one connection, so the outer store would wait on it.
   */
  transaction<T>(work: (store: Store) => Promise<T>): Promise<T>;
  /** The pages of split PDFs: what is done, what is left, what `status` counts. */
  readonly pdfPages: PdfPageRepository;

  /** Closes the connection(s); the store cannot be used afterwards. */
  close(): Promise<void>;
}
