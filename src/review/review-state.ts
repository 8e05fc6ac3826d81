import { statusOfDecision, type ReviewStatus } from '../store/repositories/hit-queue.ts';
import type { ReviewRevisionRecord } from '../store/store.ts';

export type ReviewState = {
  /** The latest revision number, 0 before any decision: what the hit's ETag is made from. */
  revision: number;
  /** The latest decision's status, or pending while there is none. */
  reviewStatus: ReviewStatus;
};

/** A hit's review state from its revisions (oldest first): the latest one decides. */
export function reviewStateOf(revisions: readonly ReviewRevisionRecord[]): ReviewState {
  const latest = revisions[revisions.length - 1];
  return { revision: latest?.revision ?? 0, reviewStatus: statusOfDecision(latest?.decision) };
}
