import { z } from 'zod';
import { BoxSchema } from '../../domain/geometry.ts';
import { HitKindSchema } from '../../domain/hit.ts';
import { reopenedReasonShown, ReviewStatusSchema, type ReviewStatus } from '../../store/repositories/hit-queue.ts';
import type { StoredHit } from '../../store/store.ts';
import { hitEtag } from '../../review/hit-version.ts';

export const HitViewSchema = z.object({
  id: z.string(),
  sha256: z.string(),
  glossaryVersion: z.string(),
  entryId: z.string(),
  term: z.string(),
  english: z.string(),
  category: z.string(),
  matched: z.string(),
  start: z.number().int(),
  end: z.number().int(),
  kind: HitKindSchema,
  confidence: z.number(),
  form: z.string(),
  /**
   * `deprecated` when the text uses a form the glossary deprecated when the hit was tagged;
   * `preferred` is then the form to use.
   */
  termStatus: z.literal('deprecated').optional(),
  preferred: z.string().optional(),
  bbox: BoxSchema.optional(),
  boxes: z.array(BoxSchema).optional(),
  reviewStatus: ReviewStatusSchema,
  revision: z.number().int(),
  etag: z.string(),
  /** Why the hit is pending again after a glossary change ("span moved: 李堡镇 → 李堡镇成立"). */
  reopenedReason: z.string().optional(),
});
export type HitView = z.infer<typeof HitViewSchema>;

/**
 * The stored hit as the review page and API clients see it. The term status is the one the
 * matcher stored with the hit, for the glossary version the hit belongs to: a glossary edited
 * since changes it only when the documents are tagged again (`termlens retag`).
 */
export function toHitView(hit: StoredHit & { revision: number; reviewStatus: ReviewStatus }): HitView {
  const reason = reopenedReasonShown(hit);
  return {
    id: hit.id,
    sha256: hit.sha256,
    glossaryVersion: hit.glossaryVersion,
    entryId: hit.entryId,
    term: hit.term,
    english: hit.english,
    category: hit.category,
    matched: hit.matched,
    start: hit.start,
    end: hit.end,
    kind: hit.kind,
    confidence: hit.confidence,
    form: hit.form,
    ...(hit.status === 'deprecated' ? { termStatus: 'deprecated' as const } : {}),
    ...(hit.preferred !== undefined ? { preferred: hit.preferred } : {}),
    ...(hit.bbox ? { bbox: hit.bbox } : {}),
    ...(hit.boxes ? { boxes: hit.boxes } : {}),
    reviewStatus: hit.reviewStatus,
    revision: hit.revision,
    etag: hitEtag(hit.id, hit.revision),
    ...(reason !== undefined ? { reopenedReason: reason } : {}),
  };
}
