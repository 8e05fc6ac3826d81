import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../database-schema.ts';
import { toBatchItemRecord, toBatchRecord, toNumber } from '../row-mappers.ts';
import {
  type BatchCounts,
  type BatchItemRecord,
  type BatchRecord,
  type ItemStatus,
  ItemStatusSchema,
  type NewBatchItem,
  NewBatchItemSchema,
  NON_TERMINAL_STATUSES,
  type SetItemStatusOptions,
} from '../store.ts';
import { inTransaction } from './in-transaction.ts';
import { insertOrFind } from './insert-or-find.ts';
import { chunks, INSERT_CHUNK, now } from './sql-helpers.ts';

/** Batches and their items: one aggregate, an item only exists in its batch. */
export class BatchRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async createOrFind(input: { name: string; sourcePath: string }): Promise<{ batch: BatchRecord; created: boolean }> {
    if (!input.name) throw new Error('a batch needs a name');
    const { record, created } = await insertOrFind({
      what: `batch ${input.name}`,
      insert: () =>
        this.#db
          .insertInto('batches')
          .values({ id: randomUUID(), name: input.name, source_path: input.sourcePath, created_at: now() })
          .onConflict((oc) => oc.column('name').doNothing())
          .returningAll()
          .executeTakeFirst(),
      toRecord: toBatchRecord,
      find: () => this.findByName(input.name),
    });
    return { batch: record, created };
  }

  async get(id: string): Promise<BatchRecord | undefined> {
    const row = await this.#db.selectFrom('batches').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toBatchRecord(row);
  }

  async findByName(name: string): Promise<BatchRecord | undefined> {
    const row = await this.#db.selectFrom('batches').selectAll().where('name', '=', name).executeTakeFirst();
    return row && toBatchRecord(row);
  }

  async list(): Promise<BatchRecord[]> {
    const rows = await this.#db.selectFrom('batches').selectAll().orderBy('created_at', 'desc').orderBy('name').execute();
    return rows.map(toBatchRecord);
  }

  async upsertItems(batchId: string, input: readonly NewBatchItem[]): Promise<BatchItemRecord[]> {
    const items = input.map((item) => NewBatchItemSchema.parse(item));
    // One row per key: PostgreSQL refuses an upsert that touches the same row twice.
    const byKey = new Map<string, NewBatchItem>();
    for (const item of items) if (!byKey.has(item.itemKey)) byKey.set(item.itemKey, item);
    const unique = [...byKey.values()];
    const at = now();
    const stored = new Map<string, BatchItemRecord>();
    await inTransaction(this.#db, async (trx) => {
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

  async getItem(batchId: string, itemKey: string): Promise<BatchItemRecord | undefined> {
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
    return inTransaction(this.#db, async (trx) => {
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

  async counts(batchId: string): Promise<BatchCounts> {
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

  async listItems(
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
