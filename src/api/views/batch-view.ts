import { z } from 'zod';
import { ItemStatusSchema, type BatchCounts, type BatchItemRecord, type BatchRecord } from '../../store/store.ts';

export const BatchCountsSchema = z.object({
  received: z.number().int(),
  queued: z.number().int(),
  processing: z.number().int(),
  done: z.number().int(),
  failed: z.number().int(),
  duplicate: z.number().int(),
  total: z.number().int(),
});

export const BatchItemViewSchema = z.object({
  itemKey: z.string(),
  sha256: z.string().nullable(),
  status: ItemStatusSchema,
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  duplicateOf: z.string().nullable(),
  updatedAt: z.string(),
});
export type BatchItemView = z.infer<typeof BatchItemViewSchema>;

export const BatchViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  counts: BatchCountsSchema,
  /** True once every item is done, failed or a duplicate. */
  finished: z.boolean(),
});
export type BatchView = z.infer<typeof BatchViewSchema>;

export function toBatchItemView(item: BatchItemRecord): BatchItemView {
  return {
    itemKey: item.itemKey,
    sha256: item.sha256,
    status: item.status,
    error: item.errorCode ? { code: item.errorCode, message: item.errorMessage ?? '' } : null,
    duplicateOf: item.duplicateOf,
    updatedAt: item.updatedAt,
  };
}

export function isFinished(counts: BatchCounts): boolean {
  return counts.received + counts.queued + counts.processing === 0;
}

export function toBatchView(batch: BatchRecord, counts: BatchCounts): BatchView {
  return { id: batch.id, name: batch.name, createdAt: batch.createdAt, counts, finished: isFinished(counts) };
}
