import { randomUUID } from 'node:crypto';
import { type Kysely, sql, type Transaction } from 'kysely';
import { ocrSummary, type DocumentResult } from '../domain/document-result.ts';
import { type OcrResult, OcrResultSchema } from '../domain/ocr.ts';
import type { Database, HitsTable } from './database-schema.ts';
import { hitIds } from './hit-id.ts';
import { RevisionConflictError } from './revision-conflict-error.ts';
import {
  toAnalysisRecord,
  toAuditEntryRecord,
  toBatchItemRecord,
  toBatchRecord,
  toDocumentRecord,
  toNumber,
  toOcrResult,
  toOcrText,
  toReviewRevisionRecord,
  toStoredHit,
} from './row-mappers.ts';
import {
  type AnalysisInput,
  AnalysisInputSchema,
  type AnalysisRecord,
  type AuditEntryRecord,
  type BatchCounts,
  type BatchItemRecord,
  type BatchRecord,
  type DocumentRecord,
  type ItemStatus,
  type OcrText,
  ItemStatusSchema,
  type NewAuditEntry,
  NewAuditEntrySchema,
  type NewBatchItem,
  NewBatchItemSchema,
  type NewDocument,
  NewDocumentSchema,
  type NewReviewRevision,
  NewReviewRevisionSchema,
  NON_TERMINAL_STATUSES,
  type ReviewRevisionRecord,
  type SetItemStatusOptions,
  type Store,
  type StoreBackend,
  type StoredHit,
} from './store.ts';
import { isUniqueViolation } from './unique-violation.ts';

/** Rows per INSERT: well under SQLite's bound-parameter limit for our widest table. */
const INSERT_CHUNK = 200;

type Db = Kysely<Database> | Transaction<Database>;

function now(): string {
  return new Date().toISOString();
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * The record of the row an insert-unless-taken (`on conflict do nothing returning *`) made, or,
 * where the key was taken (an earlier run, or another worker in the same instant), the record
 * already there. The insert decides who created it, so two callers never both get `created`.
 */
async function insertedOrFound<Row, Record>(
  inserted: Row | undefined,
  toRecord: (row: Row) => Record,
  find: () => Promise<Record | undefined>,
  what: string,
): Promise<{ record: Record; created: boolean }> {
  if (inserted) return { record: toRecord(inserted), created: true };
  const existing = await find();
  if (!existing) throw new Error(`${what} vanished right after a conflicting insert`);
  return { record: existing, created: false };
}

/**
 * The Store on top of Kysely. Every query is written once; the dialect (SQLite or PostgreSQL)
 * only changes how it is sent. Multi-statement operations run in one transaction so a crash
 * never leaves half of them; conflicts between concurrent writers are resolved with
 * INSERT … ON CONFLICT rather than read-then-write.
 */
export class KyselyStore implements Store {
  readonly backend: StoreBackend;
  readonly location: string;
  readonly #db: Kysely<Database>;
  readonly #onClose: () => Promise<void>;
  #closed = false;
  #storeId: Promise<string> | undefined;

  constructor(db: Kysely<Database>, backend: StoreBackend, location: string, onClose: () => Promise<void>) {
    this.#db = db;
    this.backend = backend;
    this.location = location;
    this.#onClose = onClose;
  }

  /** Read once: the id never changes for the life of the database. */
  storeId(): Promise<string> {
    this.#storeId ??= this.#db
      .selectFrom('store_meta')
      .select('value')
      .where('key', '=', 'store_id')
      .executeTakeFirstOrThrow()
      .then((row) => row.value)
      .catch((error: unknown) => {
        this.#storeId = undefined;
        throw error;
      });
    return this.#storeId;
  }

  /**
   * The connection, for query modules that live beside this class (token-store, hit-queries)
   * rather than in the Store interface every backend must implement.
   */
  database(): Kysely<Database> {
    if (this.#closed) throw new Error('the store is closed');
    return this.#db;
  }

  // ─── documents ─────────────────────────────────────────────────────────────

  async putDocument(input: NewDocument): Promise<{ document: DocumentRecord; created: boolean }> {
    const doc = NewDocumentSchema.parse(input);
    const inserted = await this.#db
      .insertInto('documents')
      .values({
        sha256: doc.sha256,
        media_type: doc.mediaType,
        bytes: doc.bytes,
        width: doc.width ?? null,
        height: doc.height ?? null,
        blob_key: doc.blobKey ?? doc.sha256,
        first_path: doc.firstPath,
        created_at: now(),
      })
      .onConflict((oc) => oc.column('sha256').doNothing())
      .returningAll()
      .executeTakeFirst();
    const { record, created } = await insertedOrFound(inserted, toDocumentRecord, () => this.getDocument(doc.sha256), `document ${doc.sha256}`);
    return { document: record, created };
  }

  async getDocument(sha256: string): Promise<DocumentRecord | undefined> {
    const row = await this.#db.selectFrom('documents').selectAll().where('sha256', '=', sha256).executeTakeFirst();
    return row && toDocumentRecord(row);
  }

  async listDocumentSha256s(options: { batchId?: string } = {}): Promise<string[]> {
    if (options.batchId === undefined) {
      const rows = await this.#db.selectFrom('documents').select('sha256').orderBy('sha256').execute();
      return rows.map((r) => r.sha256);
    }
    const rows = await this.#db
      .selectFrom('batch_items')
      .innerJoin('documents', 'documents.sha256', 'batch_items.sha256')
      .select('documents.sha256')
      .distinct()
      .where('batch_items.batch_id', '=', options.batchId)
      .orderBy('documents.sha256')
      .execute();
    return rows.map((r) => r.sha256);
  }

  // ─── OCR ───────────────────────────────────────────────────────────────────

  async saveOcrResult(sha256: string, input: OcrResult): Promise<void> {
    const ocr = OcrResultSchema.parse(input);
    const row = {
      sha256,
      engine: ocr.engine,
      languages_json: JSON.stringify(ocr.languages),
      mean_confidence: ocr.meanConfidence,
      width: ocr.width,
      height: ocr.height,
      clean_text: ocr.text,
      boxes_json: JSON.stringify(ocr.boxes),
      raw_json: JSON.stringify(ocr.raw),
      created_at: now(),
    };
    const { sha256: _key, ...update } = row;
    await this.#db
      .insertInto('ocr_results')
      .values(row)
      .onConflict((oc) => oc.column('sha256').doUpdateSet(update))
      .execute();
  }

  async getOcrResult(sha256: string): Promise<OcrResult | undefined> {
    const row = await this.#db.selectFrom('ocr_results').selectAll().where('sha256', '=', sha256).executeTakeFirst();
    return row && toOcrResult(row);
  }

  async getOcrText(sha256: string): Promise<OcrText | undefined> {
    const row = await this.#db
      .selectFrom('ocr_results')
      .select(['clean_text', 'boxes_json'])
      .where('sha256', '=', sha256)
      .executeTakeFirst();
    return row && toOcrText(row);
  }

  // ─── analyses ──────────────────────────────────────────────────────────────

  async saveAnalysis(input: AnalysisInput): Promise<{ hitIds: string[] }> {
    const analysis = AnalysisInputSchema.parse(input);
    if (analysis.annotations.length !== analysis.hits.length) {
      throw new Error(`analysis of ${analysis.sha256} has ${analysis.hits.length} hits but ${analysis.annotations.length} annotations`);
    }
    const ids = hitIds(analysis.sha256, analysis.glossaryVersion, analysis.hits);
    const rows: HitsTable[] = analysis.hits.map((hit, i) => ({
      id: ids[i]!,
      sha256: analysis.sha256,
      glossary_version: analysis.glossaryVersion,
      ordinal: i,
      entry_id: hit.entryId,
      term: hit.term,
      english: hit.english,
      category: hit.category,
      matched: hit.matched,
      start_offset: hit.start,
      end_offset: hit.end,
      kind: hit.kind,
      confidence: hit.confidence,
      form: hit.form,
      status: hit.status ?? null,
      preferred: hit.preferred ?? null,
      bbox_json: hit.bbox ? JSON.stringify(hit.bbox) : null,
      boxes_json: hit.boxes ? JSON.stringify(hit.boxes) : null,
      annotation_json: JSON.stringify(analysis.annotations[i]),
    }));

    await this.#db.transaction().execute(async (trx) => {
      const analysedAt = now();
      // seq orders saves per document; computed in the statement so it needs no read first.
      const nextSeq = sql<number>`(select coalesce(max(a.seq), 0) + 1 from analyses a where a.sha256 = ${analysis.sha256})`;
      await trx
        .insertInto('analyses')
        .values({
          sha256: analysis.sha256,
          glossary_version: analysis.glossaryVersion,
          analysed_text: analysis.text,
          script: analysis.script,
          tokens_json: JSON.stringify(analysis.tokens),
          hit_count: rows.length,
          seq: nextSeq,
          analysed_at: analysedAt,
        })
        .onConflict((oc) =>
          oc.columns(['sha256', 'glossary_version']).doUpdateSet({
            analysed_text: analysis.text,
            script: analysis.script,
            tokens_json: JSON.stringify(analysis.tokens),
            hit_count: rows.length,
            seq: nextSeq,
            analysed_at: analysedAt,
          }),
        )
        .execute();

      // Hits of this pair that the new analysis no longer has go; the rest are upserted by
      // their deterministic ids, so two workers saving the same analysis cannot collide.
      let stale = trx
        .deleteFrom('hits')
        .where('sha256', '=', analysis.sha256)
        .where('glossary_version', '=', analysis.glossaryVersion);
      if (ids.length > 0) stale = stale.where('id', 'not in', ids);
      await stale.execute();

      for (const chunk of chunks(rows, INSERT_CHUNK)) {
        await trx
          .insertInto('hits')
          .values(chunk)
          .onConflict((oc) =>
            oc.column('id').doUpdateSet((eb) => ({
              ordinal: eb.ref('excluded.ordinal'),
              term: eb.ref('excluded.term'),
              english: eb.ref('excluded.english'),
              category: eb.ref('excluded.category'),
              matched: eb.ref('excluded.matched'),
              kind: eb.ref('excluded.kind'),
              confidence: eb.ref('excluded.confidence'),
              form: eb.ref('excluded.form'),
              status: eb.ref('excluded.status'),
              preferred: eb.ref('excluded.preferred'),
              bbox_json: eb.ref('excluded.bbox_json'),
              boxes_json: eb.ref('excluded.boxes_json'),
              annotation_json: eb.ref('excluded.annotation_json'),
            })),
          )
          .execute();
      }
    });
    return { hitIds: ids };
  }

  async getLatestAnalysis(sha256: string): Promise<AnalysisRecord | undefined> {
    const row = await this.#latestAnalysisRow(this.#db, sha256);
    return row && toAnalysisRecord(row);
  }

  async #latestAnalysisRow(db: Db, sha256: string) {
    return db
      .selectFrom('analyses')
      .selectAll()
      .where('sha256', '=', sha256)
      .orderBy('seq', 'desc')
      .orderBy('analysed_at', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  async listHits(sha256: string, glossaryVersion?: string): Promise<StoredHit[]> {
    let version = glossaryVersion;
    if (version === undefined) {
      version = (await this.#latestAnalysisRow(this.#db, sha256))?.glossary_version;
      if (version === undefined) return [];
    }
    return this.#hitsOf(this.#db, sha256, version);
  }

  async #hitsOf(db: Db, sha256: string, glossaryVersion: string): Promise<StoredHit[]> {
    const rows = await db
      .selectFrom('hits')
      .selectAll()
      .where('sha256', '=', sha256)
      .where('glossary_version', '=', glossaryVersion)
      .orderBy('ordinal')
      .execute();
    return rows.map(toStoredHit);
  }

  async getHit(hitId: string): Promise<StoredHit | undefined> {
    const row = await this.#db.selectFrom('hits').selectAll().where('id', '=', hitId).executeTakeFirst();
    return row && toStoredHit(row);
  }

  async getDocumentResult(sha256: string, options: { path?: string } = {}): Promise<DocumentResult | undefined> {
    // One transaction, so the analysis and its hits are read as of the same moment even while
    // a retag rewrites them.
    return this.#db.transaction().execute(async (trx) => {
      const analysisRow = await this.#latestAnalysisRow(trx, sha256);
      if (!analysisRow) return undefined;
      const documentRow = await trx.selectFrom('documents').selectAll().where('sha256', '=', sha256).executeTakeFirst();
      if (!documentRow) return undefined;
      const ocrRow = await trx.selectFrom('ocr_results').selectAll().where('sha256', '=', sha256).executeTakeFirst();
      const hits = await this.#hitsOf(trx, sha256, analysisRow.glossary_version);

      const document = toDocumentRecord(documentRow);
      const analysis = toAnalysisRecord(analysisRow);
      const ocr = ocrRow && toOcrResult(ocrRow);
      const width = document.width ?? ocr?.width;
      const height = document.height ?? ocr?.height;
      return {
        source: {
          path: options.path ?? document.firstPath,
          sha256: document.sha256,
          bytes: document.bytes,
          mediaType: document.mediaType,
          ...(width !== undefined ? { width } : {}),
          ...(height !== undefined ? { height } : {}),
        },
        text: analysis.text,
        script: analysis.script,
        ...(ocr
          ? { ocr: ocrSummary(ocr) }
          : {}),
        glossaryVersion: analysis.glossaryVersion,
        tokens: analysis.tokens,
        hits: hits.map(({ id: _id, sha256: _sha, glossaryVersion: _v, annotation: _a, ...hit }) => hit),
        annotations: hits.map((h) => h.annotation),
      };
    });
  }

  // ─── batches ───────────────────────────────────────────────────────────────

  async createOrFindBatch(input: { name: string; sourcePath: string }): Promise<{ batch: BatchRecord; created: boolean }> {
    if (!input.name) throw new Error('a batch needs a name');
    const inserted = await this.#db
      .insertInto('batches')
      .values({ id: randomUUID(), name: input.name, source_path: input.sourcePath, created_at: now() })
      .onConflict((oc) => oc.column('name').doNothing())
      .returningAll()
      .executeTakeFirst();
    const { record, created } = await insertedOrFound(inserted, toBatchRecord, () => this.findBatchByName(input.name), `batch ${input.name}`);
    return { batch: record, created };
  }

  async getBatch(id: string): Promise<BatchRecord | undefined> {
    const row = await this.#db.selectFrom('batches').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toBatchRecord(row);
  }

  async findBatchByName(name: string): Promise<BatchRecord | undefined> {
    const row = await this.#db.selectFrom('batches').selectAll().where('name', '=', name).executeTakeFirst();
    return row && toBatchRecord(row);
  }

  async listBatches(): Promise<BatchRecord[]> {
    const rows = await this.#db.selectFrom('batches').selectAll().orderBy('created_at', 'desc').orderBy('name').execute();
    return rows.map(toBatchRecord);
  }

  async upsertBatchItems(batchId: string, input: readonly NewBatchItem[]): Promise<BatchItemRecord[]> {
    const items = input.map((item) => NewBatchItemSchema.parse(item));
    // One row per key: PostgreSQL refuses an upsert that touches the same row twice.
    const byKey = new Map<string, NewBatchItem>();
    for (const item of items) if (!byKey.has(item.itemKey)) byKey.set(item.itemKey, item);
    const unique = [...byKey.values()];
    const at = now();
    const stored = new Map<string, BatchItemRecord>();
    await this.#db.transaction().execute(async (trx) => {
      for (const chunk of chunks(unique, INSERT_CHUNK)) {
        await trx
          .insertInto('batch_items')
          .values(
            chunk.map((item) => ({
              batch_id: batchId,
              item_key: item.itemKey,
              sha256: item.sha256 ?? null,
              status: item.status ?? 'received',
              error_code: item.error?.code ?? null,
              error_message: item.error?.message ?? null,
              duplicate_of: null,
              duplicate_of_item: null,
              attempts: 0,
              created_at: at,
              updated_at: at,
            })),
          )
          // Resume: an existing item keeps its state; only a sha256 learned later is filled in.
          .onConflict((oc) =>
            oc.columns(['batch_id', 'item_key']).doUpdateSet({
              sha256: sql<string | null>`coalesce(batch_items.sha256, excluded.sha256)`,
            }),
          )
          .execute();
        const rows = await trx
          .selectFrom('batch_items')
          .selectAll()
          .where('batch_id', '=', batchId)
          .where(
            'item_key',
            'in',
            chunk.map((item) => item.itemKey),
          )
          .execute();
        for (const row of rows) stored.set(row.item_key, toBatchItemRecord(row));
      }
    });
    return unique.map((item) => stored.get(item.itemKey)!);
  }

  async getBatchItem(batchId: string, itemKey: string): Promise<BatchItemRecord | undefined> {
    const row = await this.#db
      .selectFrom('batch_items')
      .selectAll()
      .where('batch_id', '=', batchId)
      .where('item_key', '=', itemKey)
      .executeTakeFirst();
    return row && toBatchItemRecord(row);
  }

  async setItemStatus(batchId: string, itemKey: string, status: ItemStatus, options: SetItemStatusOptions = {}): Promise<boolean> {
    let query = this.#db
      .updateTable('batch_items')
      .set(statusChange(status, options))
      .where('batch_id', '=', batchId)
      .where('item_key', '=', itemKey);
    if (options.from) query = query.where('status', 'in', [...options.from]);
    const result = await query.executeTakeFirst();
    return toNumber(result.numUpdatedRows) > 0;
  }

  async setDocumentItemsStatus(
    sha256: string,
    status: ItemStatus,
    options: Omit<SetItemStatusOptions, 'sha256'> = {},
  ): Promise<number> {
    let query = this.#db
      .updateTable('batch_items')
      .set(statusChange(status, options))
      .where('sha256', '=', sha256)
      .where('status', '!=', 'duplicate');
    if (options.from) query = query.where('status', 'in', [...options.from]);
    const result = await query.executeTakeFirst();
    return toNumber(result.numUpdatedRows);
  }

  async markDuplicates(batchId: string, options: { againstEarlierDocuments?: boolean } = {}): Promise<BatchItemRecord[]> {
    const againstEarlier = options.againstEarlierDocuments ?? true;
    return this.#db.transaction().execute(async (trx) => {
      const batch = await trx.selectFrom('batches').select('created_at').where('id', '=', batchId).executeTakeFirst();
      if (!batch) throw new Error(`no batch ${batchId}`);
      const candidates = await trx
        .selectFrom('batch_items')
        .select(['item_key', 'sha256'])
        .where('batch_id', '=', batchId)
        .where('status', 'in', ['received', 'queued'])
        .where('sha256', 'is not', null)
        .execute();
      if (candidates.length === 0) return [];
      const shas = [...new Set(candidates.map((c) => c.sha256!))];

      const earlier = new Set<string>();
      if (againstEarlier) {
        for (const chunk of chunks(shas, INSERT_CHUNK)) {
          const rows = await trx
            .selectFrom('documents')
            .select('sha256')
            .where('sha256', 'in', chunk)
            .where('created_at', '<', batch.created_at)
            .execute();
          for (const r of rows) earlier.add(r.sha256);
        }
      }

      // The first item of each content in this batch (any status but duplicate) is the original.
      const firstItem = new Map<string, string>();
      for (const chunk of chunks(shas, INSERT_CHUNK)) {
        const rows = await trx
          .selectFrom('batch_items')
          .select(['item_key', 'sha256'])
          .where('batch_id', '=', batchId)
          .where('sha256', 'in', chunk)
          .where('status', '!=', 'duplicate')
          .orderBy('created_at')
          .orderBy('item_key')
          .execute();
        for (const r of rows) if (!firstItem.has(r.sha256!)) firstItem.set(r.sha256!, r.item_key);
      }

      const at = now();
      const marked: string[] = [];
      for (const c of candidates) {
        const sha = c.sha256!;
        const original = earlier.has(sha) ? null : firstItem.get(sha);
        if (original === c.item_key) continue;
        await trx
          .updateTable('batch_items')
          .set({
            status: 'duplicate',
            duplicate_of: sha,
            duplicate_of_item: original ?? null,
            error_code: null,
            error_message: null,
            updated_at: at,
          })
          .where('batch_id', '=', batchId)
          .where('item_key', '=', c.item_key)
          .execute();
        marked.push(c.item_key);
      }
      if (marked.length === 0) return [];
      const rows: BatchItemRecord[] = [];
      for (const chunk of chunks(marked, INSERT_CHUNK)) {
        const found = await trx
          .selectFrom('batch_items')
          .selectAll()
          .where('batch_id', '=', batchId)
          .where('item_key', 'in', chunk)
          .orderBy('item_key')
          .execute();
        rows.push(...found.map(toBatchItemRecord));
      }
      return rows;
    });
  }

  async batchCounts(batchId: string): Promise<BatchCounts> {
    const rows = await this.#db
      .selectFrom('batch_items')
      .select(['status', (eb) => eb.fn.countAll().as('n')])
      .where('batch_id', '=', batchId)
      .groupBy('status')
      .execute();
    const counts: BatchCounts = { received: 0, queued: 0, processing: 0, done: 0, failed: 0, duplicate: 0, total: 0 };
    for (const row of rows) {
      const n = toNumber(row.n);
      counts[ItemStatusSchema.parse(row.status)] += n;
      counts.total += n;
    }
    return counts;
  }

  async listBatchItems(
    batchId: string,
    options: { status?: ItemStatus | readonly ItemStatus[]; limit?: number; afterKey?: string } = {},
  ): Promise<BatchItemRecord[]> {
    let query = this.#db.selectFrom('batch_items').selectAll().where('batch_id', '=', batchId);
    if (options.status !== undefined) {
      const statuses = typeof options.status === 'string' ? [options.status] : [...options.status];
      if (statuses.length === 0) return [];
      query = query.where('status', 'in', statuses);
    }
    if (options.afterKey !== undefined) query = query.where('item_key', '>', options.afterKey);
    query = query.orderBy('item_key');
    if (options.limit !== undefined) query = query.limit(options.limit);
    return (await query.execute()).map(toBatchItemRecord);
  }

  async listStaleItems(options: { updatedBefore: Date; batchId?: string; limit?: number }): Promise<BatchItemRecord[]> {
    let query = this.#db
      .selectFrom('batch_items')
      .selectAll()
      .where('status', 'in', [...NON_TERMINAL_STATUSES])
      .where('updated_at', '<', options.updatedBefore.toISOString());
    if (options.batchId !== undefined) query = query.where('batch_id', '=', options.batchId);
    query = query.orderBy('updated_at').orderBy('batch_id').orderBy('item_key');
    if (options.limit !== undefined) query = query.limit(options.limit);
    return (await query.execute()).map(toBatchItemRecord);
  }

  async incrementAttempts(batchId: string, itemKey: string): Promise<number> {
    const row = await this.#db
      .updateTable('batch_items')
      .set((eb) => ({ attempts: eb('attempts', '+', 1), updated_at: now() }))
      .where('batch_id', '=', batchId)
      .where('item_key', '=', itemKey)
      .returning('attempts')
      .executeTakeFirst();
    if (!row) throw new Error(`no item ${itemKey} in batch ${batchId}`);
    return toNumber(row.attempts);
  }

  // ─── review and audit ──────────────────────────────────────────────────────

  async appendReviewRevision(input: NewReviewRevision): Promise<ReviewRevisionRecord> {
    const revision = NewReviewRevisionSchema.parse(input);
    try {
      const row = await this.#db
        .insertInto('review_revisions')
        .values({
          hit_id: revision.hitId,
          revision: revision.revision,
          decision: revision.decision,
          corrected_json: revision.corrected == null ? null : JSON.stringify(revision.corrected),
          note: revision.note ?? null,
          author: revision.author,
          created_at: now(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toReviewRevisionRecord(row);
    } catch (error) {
      if (isUniqueViolation(error)) throw new RevisionConflictError(revision.hitId, revision.revision, { cause: error });
      throw error;
    }
  }

  async listReviewRevisions(hitId: string): Promise<ReviewRevisionRecord[]> {
    const rows = await this.#db.selectFrom('review_revisions').selectAll().where('hit_id', '=', hitId).orderBy('revision').execute();
    return rows.map(toReviewRevisionRecord);
  }

  async appendAudit(input: NewAuditEntry): Promise<AuditEntryRecord> {
    const entry = NewAuditEntrySchema.parse(input);
    const row = await this.#db
      .insertInto('audit_log')
      .values({
        id: randomUUID(),
        at: now(),
        actor: entry.actor,
        action: entry.action,
        subject: entry.subject,
        details_json: JSON.stringify(entry.details ?? {}),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toAuditEntryRecord(row);
  }

  async listAudit(options: { subject?: string; limit?: number } = {}): Promise<AuditEntryRecord[]> {
    let query = this.#db.selectFrom('audit_log').selectAll();
    if (options.subject !== undefined) query = query.where('subject', '=', options.subject);
    query = query.orderBy('at', 'desc').orderBy('id');
    if (options.limit !== undefined) query = query.limit(options.limit);
    return (await query.execute()).map(toAuditEntryRecord);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#onClose();
  }
}

/** The columns a status change writes: the error goes with `failed` and is cleared otherwise. */
function statusChange(status: ItemStatus, options: SetItemStatusOptions) {
  const change: {
    status: ItemStatus;
    updated_at: string;
    error_code?: string | null;
    error_message?: string | null;
    sha256?: string;
  } = { status, updated_at: now() };
  if (options.error) {
    change.error_code = options.error.code;
    change.error_message = options.error.message;
  } else if (options.error === null || status !== 'failed') {
    change.error_code = null;
    change.error_message = null;
  }
  if (options.sha256 !== undefined) change.sha256 = options.sha256;
  return change;
}
