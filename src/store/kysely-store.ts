import type { Kysely } from 'kysely';
import type { DocumentResult } from '../domain/document-result.ts';
import type { OcrResult } from '../domain/ocr.ts';
import type { Database } from './database-schema.ts';
import { AnalysisRepository } from './repositories/analyses-and-hits.ts';
import { AuditRepository } from './repositories/audit.ts';
import { BatchRepository } from './repositories/batches.ts';
import { DocumentResultReader } from './repositories/document-results.ts';
import { DocumentListRepository } from './repositories/document-list.ts';
import { DocumentRepository } from './repositories/documents.ts';
import { HitQueueRepository } from './repositories/hit-queue.ts';
import { inTransaction } from './repositories/in-transaction.ts';
import { OcrResultRepository } from './repositories/ocr-results.ts';
import { PdfPageRepository } from './repositories/pdf-pages.ts';
import { ReviewRevisionRepository } from './repositories/review-revisions.ts';
import { SearchRepository } from './repositories/search.ts';
import { StoreMetaRepository } from './repositories/store-meta.ts';
import { TokenRepository } from './repositories/tokens.ts';
import type {
  AnalysisInput,
  AnalysisRecord,
  AuditEntryRecord,
  BatchCounts,
  BatchItemRecord,
  BatchRecord,
  DocumentRecord,
  ItemStatus,
  NewAuditEntry,
  NewBatchItem,
  NewDocument,
  NewReviewRevision,
  OcrText,
  ReviewRevisionRecord,
  SetItemStatusOptions,
  Store,
  StoreBackend,
  StoredHit,
} from './store.ts';

/**
 * The Store on top of Kysely, as a composition of one repository per aggregate
 * (src/store/repositories/). Every query is written once; the dialect (SQLite or PostgreSQL)
 * only changes how it is sent. Multi-statement operations run in one transaction (inTransaction)
 * so a crash never leaves half of them; conflicts between concurrent writers are resolved with
 * INSERT … ON CONFLICT rather than read-then-write (insertOrFind).
 *
 * Why a class that delegates rather than a Store made of repositories only: the flat method
 * names are the interface the pipeline, the queue, the CLI and the API already call (and other
 * branches extend), so they stay; the repositories are where the SQL lives. The two query
 * modules that had no flat methods (the review queue, API tokens) are exposed as repositories,
 * `store.hits` and `store.tokens`, instead of the raw connection they used to be given.
 */
export class KyselyStore implements Store {
  readonly backend: StoreBackend;
  readonly location: string;
  readonly #db: Kysely<Database>;
  readonly #onClose: () => Promise<void>;
  #closed = false;

  readonly #documents: DocumentRepository;
  readonly #ocr: OcrResultRepository;
  readonly #analyses: AnalysisRepository;
  readonly #results: DocumentResultReader;
  readonly #batches: BatchRepository;
  readonly #revisions: ReviewRevisionRepository;
  readonly #audit: AuditRepository;
  readonly #hits: HitQueueRepository;
  readonly #tokens: TokenRepository;
  readonly #meta: StoreMetaRepository;
  readonly #search: SearchRepository;
  readonly #documentList: DocumentListRepository;
  readonly #pdfPages: PdfPageRepository;

  constructor(db: Kysely<Database>, backend: StoreBackend, location: string, onClose: () => Promise<void>) {
    this.backend = backend;
    this.location = location;
    this.#db = db;
    this.#onClose = onClose;
    this.#documents = new DocumentRepository(db);
    this.#ocr = new OcrResultRepository(db);
    this.#analyses = new AnalysisRepository(db);
    this.#results = new DocumentResultReader(db);
    this.#batches = new BatchRepository(db);
    this.#revisions = new ReviewRevisionRepository(db);
    this.#audit = new AuditRepository(db);
    this.#hits = new HitQueueRepository(db);
    this.#tokens = new TokenRepository(db);
    this.#meta = new StoreMetaRepository(db);
    this.#search = new SearchRepository(db);
    this.#documentList = new DocumentListRepository(db);
    this.#pdfPages = new PdfPageRepository(db);
  }

  /** Which store this is (see StoreMetaRepository). */
  storeId(): Promise<string> {
    return this.#meta.storeId();
  }

  /** The document browser's list; refused once the store is closed. */
  get documentList(): DocumentListRepository {
    this.#assertOpen();
    return this.#documentList;
  }

  /** Corpus search; refused once the store is closed. */
  get search(): SearchRepository {
    this.#assertOpen();
    return this.#search;
  }

  /** The review queue. Like the database handle it replaces, refused once the store is closed. */
  get hits(): HitQueueRepository {
    this.#assertOpen();
    return this.#hits;
  }

  get tokens(): TokenRepository {
    this.#assertOpen();
    return this.#tokens;
  }

  get pdfPages(): PdfPageRepository {
    this.#assertOpen();
    return this.#pdfPages;
  }

  #assertOpen(): void {
    if (this.#closed) throw new Error('the store is closed');
  }

  // ─── documents ─────────────────────────────────────────────────────────────

  putDocument(doc: NewDocument): Promise<{ document: DocumentRecord; created: boolean }> {
    return this.#documents.put(doc);
  }

  getDocument(sha256: string): Promise<DocumentRecord | undefined> {
    return this.#documents.get(sha256);
  }

  listDocumentSha256s(options?: { batchId?: string }): Promise<string[]> {
    return this.#documents.listSha256s(options);
  }

  // ─── OCR ───────────────────────────────────────────────────────────────────

  saveOcrResult(sha256: string, ocr: OcrResult): Promise<void> {
    return this.#ocr.save(sha256, ocr);
  }

  getOcrResult(sha256: string): Promise<OcrResult | undefined> {
    return this.#ocr.get(sha256);
  }

  getOcrText(sha256: string): Promise<OcrText | undefined> {
    return this.#ocr.getText(sha256);
  }

  // ─── analyses and hits ─────────────────────────────────────────────────────

  saveAnalysis(analysis: AnalysisInput): Promise<{ hitIds: string[] }> {
    return this.#analyses.save(analysis);
  }

  getLatestAnalysis(sha256: string): Promise<AnalysisRecord | undefined> {
    return this.#analyses.latest(sha256);
  }

  listHits(sha256: string, glossaryVersion?: string): Promise<StoredHit[]> {
    return this.#analyses.hits(sha256, glossaryVersion);
  }

  getHit(hitId: string): Promise<StoredHit | undefined> {
    return this.#analyses.hit(hitId);
  }

  getDocumentResult(sha256: string, options?: { path?: string }): Promise<DocumentResult | undefined> {
    return this.#results.read(sha256, options);
  }

  // ─── batches ───────────────────────────────────────────────────────────────

  createOrFindBatch(input: { name: string; sourcePath: string }): Promise<{ batch: BatchRecord; created: boolean }> {
    return this.#batches.createOrFind(input);
  }

  getBatch(id: string): Promise<BatchRecord | undefined> {
    return this.#batches.get(id);
  }

  findBatchByName(name: string): Promise<BatchRecord | undefined> {
    return this.#batches.findByName(name);
  }

  listBatches(): Promise<BatchRecord[]> {
    return this.#batches.list();
  }

  upsertBatchItems(batchId: string, items: readonly NewBatchItem[]): Promise<BatchItemRecord[]> {
    return this.#batches.upsertItems(batchId, items);
  }

  getBatchItem(batchId: string, itemKey: string): Promise<BatchItemRecord | undefined> {
    return this.#batches.getItem(batchId, itemKey);
  }

  setItemStatus(batchId: string, itemKey: string, status: ItemStatus, options?: SetItemStatusOptions): Promise<boolean> {
    return this.#batches.setItemStatus(batchId, itemKey, status, options);
  }

  setDocumentItemsStatus(sha256: string, status: ItemStatus, options?: Omit<SetItemStatusOptions, 'sha256'>): Promise<number> {
    return this.#batches.setDocumentItemsStatus(sha256, status, options);
  }

  markDuplicates(batchId: string, options?: { againstEarlierDocuments?: boolean }): Promise<BatchItemRecord[]> {
    return this.#batches.markDuplicates(batchId, options);
  }

  batchCounts(batchId: string): Promise<BatchCounts> {
    return this.#batches.counts(batchId);
  }

  listBatchItems(
    batchId: string,
    options?: { status?: ItemStatus | readonly ItemStatus[]; limit?: number; afterKey?: string },
  ): Promise<BatchItemRecord[]> {
    return this.#batches.listItems(batchId, options);
  }

  listStaleItems(options: { updatedBefore: Date; batchId?: string; limit?: number }): Promise<BatchItemRecord[]> {
    return this.#batches.listStaleItems(options);
  }

  incrementAttempts(batchId: string, itemKey: string): Promise<number> {
    return this.#batches.incrementAttempts(batchId, itemKey);
  }

  // ─── review and audit ──────────────────────────────────────────────────────

  appendReviewRevision(revision: NewReviewRevision): Promise<ReviewRevisionRecord> {
    return this.#revisions.append(revision);
  }

  listReviewRevisions(hitId: string): Promise<ReviewRevisionRecord[]> {
    return this.#revisions.list(hitId);
  }

  listReviewRevisionsOfKey(reviewKey: string): Promise<ReviewRevisionRecord[]> {
    return this.#revisions.listOfKey(reviewKey);
  }

  latestReviewRevisions(hitIds: readonly string[]): Promise<Map<string, ReviewRevisionRecord>> {
    return this.#revisions.latestOf(hitIds);
  }

  listBulkRevisions(bulkId: string): Promise<ReviewRevisionRecord[]> {
    return this.#revisions.listByBulk(bulkId);
  }

  appendAudit(entry: NewAuditEntry): Promise<AuditEntryRecord> {
    return this.#audit.append(entry);
  }

  listAudit(options?: { subject?: string; limit?: number }): Promise<AuditEntryRecord[]> {
    return this.#audit.list(options);
  }

  /**
   * The same repositories over one transaction (joined when this store is already bound to
   * one). The store handed to `work` is not closed by anyone: the connection stays the owner's.
   */
  transaction<T>(work: (store: Store) => Promise<T>): Promise<T> {
    this.#assertOpen();
    return inTransaction(this.#db, (trx) => work(new KyselyStore(trx, this.backend, this.location, async () => undefined)));
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#onClose();
  }
}
