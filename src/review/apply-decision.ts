import { RevisionConflictError } from '../store/revision-conflict-error.ts';
import type { Role } from '../store/repositories/tokens.ts';
import type { ReviewDecision, ReviewRevisionRecord, Store, StoredHit } from '../store/store.ts';
import { hitEtag } from './hit-version.ts';
import { ReviewRefusal } from './review-refusal.ts';

/**
 * Appends to the audit log on behalf of whoever asked (the API adds the client's address and
 * how it signed in). Awaited: an action whose audit record cannot be written is not done.
 */
export type ReviewAudit = (action: string, subject: string, details: Record<string, unknown>) => Promise<void>;

/** Who decides: `actor` is what the revision and the audit log record. */
export type Reviewer = { actor: string; role: Role };

/** A hit as a decision finds it: the hit and its latest revision number (0 before any). */
export type HitAtVersion = { hit: StoredHit; current: number };

/** What the new revision says: a reviewer's decision (its correction resolved), or what an undo restores. */
export type RevisionContent = { decision: ReviewDecision; corrected: Record<string, unknown> | null; note: string | null };

export type AppendOptions = {
  author: string;
  audit: ReviewAudit;
  /** The bulk action the revision belongs to. */
  bulkId?: string;
  /** The audit action; `review.<decision>` unless given (an undo says `review.undo`). */
  action?: string;
  /** More for the audit line (e.g. which bulk action an undo takes back). */
  details?: Record<string, unknown>;
};

/**
 * One decision on one hit, whoever makes it (a single decision, each hit of a bulk one, each
 * hit of an undo): revision `current + 1`, never an overwrite, and its audit line. A lost race
 * for that number is a ReviewRefusal (changed) naming the hit; the caller audits refusals,
 * since inside a bulk transaction a refusal's audit line would be rolled back with the rest.
 */
export async function appendDecision(store: Store, at: HitAtVersion, content: RevisionContent, options: AppendOptions): Promise<ReviewRevisionRecord> {
  const { hit, current } = at;
  let record: ReviewRevisionRecord;
  try {
    record = await store.appendReviewRevision({
      hitId: hit.id,
      revision: current + 1,
      decision: content.decision,
      corrected: content.corrected,
      note: content.note,
      author: options.author,
      ...(options.bulkId ? { bulkId: options.bulkId } : {}),
    });
  } catch (error) {
    if (!(error instanceof RevisionConflictError)) throw error;
    throw new ReviewRefusal('changed', 'HIT_CHANGED', 'someone decided on this hit at the same moment; reload it and decide again', {
      hitId: hit.id,
      revision: current + 1,
      etag: hitEtag(hit.id, current + 1),
    });
  }
  await options.audit(options.action ?? `review.${content.decision}`, hit.id, {
    revision: record.revision,
    sha256: hit.sha256,
    entryId: hit.entryId,
    ...(content.corrected ? { corrected: content.corrected } : {}),
    ...(options.bulkId ? { bulk: options.bulkId } : {}),
    ...options.details,
  });
  return record;
}
