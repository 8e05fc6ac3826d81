import type { ReviewedHit } from './review-key.ts';

/**
 * Why a hit is pending again although the document had a decided hit at the same place before
 * a glossary change: the earlier hit and the new one overlap but differ in something the
 * decision was about. Said in words for the review page and the exports.
 */
export function reopenReason(before: ReviewedHit, after: ReviewedHit): string {
  if (before.entryId !== after.entryId) return `entry changed: now matched by ${after.entryId} (was ${before.entryId})`;
  if (before.start !== after.start || before.end !== after.end || before.matched !== after.matched) {
    return `span moved: ${before.matched} → ${after.matched}`;
  }
  if (before.form !== after.form) return `entry changed: form ${before.form} removed (now matched as ${after.form})`;
  if (after.status === 'deprecated' && before.status !== 'deprecated') return `entry changed: form ${after.form} is now deprecated`;
  if (before.status === 'deprecated' && after.status !== 'deprecated') return `entry changed: form ${after.form} is no longer deprecated`;
  return 'entry changed';
}

/** Whether two hits of one document cover some of the same characters. */
export function overlaps(a: Pick<ReviewedHit, 'start' | 'end'>, b: Pick<ReviewedHit, 'start' | 'end'>): boolean {
  return a.start < b.end && b.start < a.end;
}
