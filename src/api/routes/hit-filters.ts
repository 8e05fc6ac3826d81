import { z } from 'zod';
import { HitKindSchema } from '../../domain/hit.ts';
import { ReviewStatusSchema, type HitFilters } from '../../store/repositories/hit-queue.ts';

/** A form left at "any" sends `status=`: an empty value means no filter, not a bad one. */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

/** The queue's filters, shared by the hit list, the counter and every export. */
export const HitFilterQuerySchema = z.object({
  term: optional(z.string().min(1).max(200)).describe('canonical term, entry id or matched text'),
  entry: optional(z.string().min(1).max(200)),
  category: optional(z.string().min(1).max(100)),
  batch: optional(z.string().min(1).max(100)),
  kind: optional(HitKindSchema),
  status: optional(ReviewStatusSchema).describe('latest decision; absent or empty: any'),
  document: optional(z.string().regex(/^[0-9a-f]{64}$/)),
});
export type HitFilterQuery = z.infer<typeof HitFilterQuerySchema>;

export function toHitFilters(q: HitFilterQuery): HitFilters {
  return {
    ...(q.term ? { term: q.term } : {}),
    ...(q.entry ? { entryId: q.entry } : {}),
    ...(q.category ? { category: q.category } : {}),
    ...(q.batch ? { batchId: q.batch } : {}),
    ...(q.kind ? { kind: q.kind } : {}),
    ...(q.status ? { status: q.status } : {}),
    ...(q.document ? { sha256: q.document } : {}),
  };
}
