import { z } from 'zod';
import { ReviewDecisionSchema, type ReviewRevisionRecord } from '../../store/store.ts';

export const RevisionViewSchema = z.object({
  revision: z.number().int(),
  decision: ReviewDecisionSchema,
  corrected: z.record(z.string(), z.unknown()).nullable(),
  note: z.string().nullable(),
  author: z.string(),
  createdAt: z.string(),
  /** Made on an earlier glossary version's hit with the same review key, and carried to this one. */
  carried: z.boolean(),
  /** The bulk action (or its undo) that wrote this revision; null for a single decision. */
  bulkId: z.string().nullable(),
});
export type RevisionView = z.infer<typeof RevisionViewSchema>;

/** `shownOn` is the hit the history is shown for: a revision made on another hit was carried to it. */
export function toRevisionView(r: ReviewRevisionRecord, shownOn: string): RevisionView {
  return {
    revision: r.revision,
    decision: r.decision,
    corrected: r.corrected,
    note: r.note,
    author: r.author,
    createdAt: r.createdAt,
    carried: r.hitId !== shownOn,
    bulkId: r.bulkId,
  };
}
