import { z } from 'zod';
import { ReviewDecisionSchema, type ReviewRevisionRecord } from '../../store/store.ts';

export const RevisionViewSchema = z.object({
  revision: z.number().int(),
  decision: ReviewDecisionSchema,
  corrected: z.record(z.string(), z.unknown()).nullable(),
  note: z.string().nullable(),
  author: z.string(),
  createdAt: z.string(),
  /** The bulk action (or its undo) that wrote this revision; null for a single decision. */
  bulkId: z.string().nullable(),
});
export type RevisionView = z.infer<typeof RevisionViewSchema>;

export function toRevisionView(r: ReviewRevisionRecord): RevisionView {
  return { revision: r.revision, decision: r.decision, corrected: r.corrected, note: r.note, author: r.author, createdAt: r.createdAt, bulkId: r.bulkId };
}
