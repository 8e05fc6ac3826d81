import type { Kysely } from 'kysely';
import { findReplacements, type Replacement } from '../../domain/replaced-hits.ts';
import type { ReviewedHit } from '../../domain/review-key.ts';
import type { Database } from '../database-schema.ts';
import { toNumber } from '../row-mappers.ts';
import { decides, latestDecision } from './hit-queue.ts';
import { chunks, INSERT_CHUNK } from './sql-helpers.ts';

export type NewKeyedHit = ReviewedHit & { reviewKey: string };

/**
 * Which of a new analysis's hits replace a decided hit of the document's previous analysis
 * (the latest one under another glossary version): a new hit without decisions of its own
 * that overlaps a decided hit which the new analysis no longer has. Such a hit is pending
 * again, with the reason; a decided hit that nothing replaces is withdrawn (hit-queue.ts).
 * A hit that was already reopened under the previous version keeps where it came from and why
 * (decided since or not), so a second re-tag forgets neither; the page shows the reason only
 * while the hit is pending.
 */
export async function findReopened(db: Kysely<Database>, sha256: string, glossaryVersion: string, hits: readonly NewKeyedHit[]): Promise<Map<number, Replacement>> {
  const out = new Map<number, Replacement>();
  const previous = await db
    .selectFrom('analyses')
    .select('glossary_version')
    .where('sha256', '=', sha256)
    .where('glossary_version', '!=', glossaryVersion)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!previous || hits.length === 0) return out;

  const before = await db
    .selectFrom('hits as h')
    .select(['h.review_key', 'h.entry_id', 'h.start_offset', 'h.end_offset', 'h.matched', 'h.form', 'h.status', 'h.reopened_from', 'h.reopened_reason'])
    .select(latestDecision().as('latest_decision'))
    .where('h.sha256', '=', sha256)
    .where('h.glossary_version', '=', previous.glossary_version)
    .orderBy('h.ordinal')
    .execute();
  const decidedNow = await keysWithDecisions(db, hits.map((h) => h.reviewKey));
  const stillReopened = new Map(before.filter((b) => b.reopened_from && b.reopened_reason).map((b) => [b.review_key, { from: b.reopened_from!, reason: b.reopened_reason! }]));
  const decidedBefore = before.filter((b) => decides(b.latest_decision)).map((b) => ({ key: b.review_key, hit: reviewedHitOf(b) }));
  const replacements = findReplacements(
    decidedBefore,
    hits.map((hit) => ({ key: hit.reviewKey, hit, decided: decidedNow.has(hit.reviewKey) })),
  );
  hits.forEach((hit, i) => {
    const reopened = stillReopened.get(hit.reviewKey) ?? replacements.get(i);
    if (reopened) out.set(i, reopened);
  });
  return out;
}

/** The keys among these whose latest revision is a decision (not none, not an undo back to pending). */
async function keysWithDecisions(db: Kysely<Database>, keys: readonly string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (const chunk of chunks(keys, INSERT_CHUNK)) {
    const rows = await db
      .selectFrom('latest_decisions')
      .select(['review_key', 'decision'])
      .where('review_key', 'in', chunk)
      .execute();
    for (const row of rows) if (row.review_key && decides(row.decision)) out.add(row.review_key);
  }
  return out;
}

function reviewedHitOf(row: { entry_id: string; start_offset: number; end_offset: number; matched: string; form: string; status: string | null }): ReviewedHit {
  return {
    entryId: row.entry_id,
    start: toNumber(row.start_offset),
    end: toNumber(row.end_offset),
    matched: row.matched,
    form: row.form,
    ...(row.status === 'deprecated' ? { status: 'deprecated' as const } : {}),
  };
}
