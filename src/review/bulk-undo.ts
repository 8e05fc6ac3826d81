import { randomUUID } from 'node:crypto';
import { statusOfDecision } from '../store/repositories/hit-queue.ts';
import type { ReviewRevisionRecord, Store } from '../store/store.ts';
import { appendDecision, type ReviewAudit, type Reviewer, type RevisionContent } from './apply-decision.ts';
import type { BulkHitState } from './bulk-decisions.ts';
import { hitEtag } from './hit-version.ts';
import { notFound, ReviewRefusal } from './review-refusal.ts';
import { compareDocumentThenId } from './decision-order.ts';
import { checkMayDecide } from './who-may-decide.ts';

export type UndoInput = { bulkId: string; by: Reviewer; auditTo: (store: Store) => ReviewAudit };

export type UndoAnswer = {
  /** The undo is a bulk action of its own (it can be undone in turn). */
  bulkId: string;
  undoes: string;
  hits: BulkHitState[];
  /** Hits someone decided on after the bulk action: left as they are. */
  conflicts: { id: string; etag: string }[];
};

/** What the revision before `undone` said; a hit with nothing before it goes back to pending. */
function restoring(history: readonly ReviewRevisionRecord[], undone: ReviewRevisionRecord): RevisionContent {
  const before = history.find((r) => r.revision === undone.revision - 1);
  return before ? { decision: before.decision, corrected: before.corrected, note: before.note } : { decision: 'reopen', corrected: null, note: null };
}

/**
 * Takes a bulk action back, append-only: each of its hits whose latest revision is still the
 * one the bulk action wrote gets a new revision saying what the hit said before it (or reopen,
 * back to pending); a hit someone decided on since is reported and left alone. One
 * transaction; only the bulk action's author or an admin may undo it.
 */
export async function undoBulk(store: Store, input: UndoInput): Promise<UndoAnswer> {
  checkMayDecide(input.by.role);
  const undoId = `bulk_${randomUUID()}`;
  return store.transaction(async (tx) => {
    const written = await tx.listBulkRevisions(input.bulkId);
    const first = written[0];
    if (!first) throw notFound('bulk action');
    if (input.by.role !== 'admin' && first.author !== input.by.actor) {
      throw new ReviewRefusal('forbidden', 'FORBIDDEN', `this bulk action is ${first.author}'s: only they or an admin may undo it`);
    }
    // In the order bulk-decisions.ts writes (decision-order.ts), so that an undo and a bulk
    // action over the same documents never deadlock; a hit no longer stored goes last.
    const withHits = await Promise.all(written.map(async (undone) => ({ undone, hit: await tx.getHit(undone.hitId) })));
    withHits.sort((a, b) => (a.hit && b.hit ? compareDocumentThenId(a.hit, b.hit) : a.hit ? -1 : b.hit ? 1 : 0));
    const audit = input.auditTo(tx);
    const hits: BulkHitState[] = [];
    const conflicts: { id: string; etag: string }[] = [];
    for (const { undone, hit } of withHits) {
      const history = await tx.listReviewRevisions(undone.hitId);
      const latest = history[history.length - 1]!;
      if (latest.revision !== undone.revision || !hit) {
        conflicts.push({ id: undone.hitId, etag: hitEtag(undone.hitId, latest.revision) });
        continue;
      }
      const content = restoring(history, undone);
      const record = await appendDecision(tx, { hit, current: latest.revision }, content, {
        author: input.by.actor,
        audit,
        bulkId: undoId,
        action: 'review.undo',
        details: { undoes: input.bulkId, restored: content.decision },
      });
      hits.push({ id: hit.id, revision: record.revision, reviewStatus: statusOfDecision(record.decision), etag: hitEtag(hit.id, record.revision) });
    }
    if (hits.length === 0) {
      throw new ReviewRefusal('changed', 'NOTHING_TO_UNDO', 'every hit of this bulk action was decided on since (or it was undone already); nothing was changed', { conflicts });
    }
    await audit('review.bulk-undo', undoId, { undoes: input.bulkId, count: hits.length, conflicts: conflicts.map((c) => c.id) });
    return { bulkId: undoId, undoes: input.bulkId, hits, conflicts };
  });
}
