import type { Kysely } from 'kysely';
import type { Database } from '../../store/database-schema.ts';
import { latestRevisions, listQueuedHits, type HitFilters, type QueuedHit } from '../../store/hit-queries.ts';
import type { ReviewRevisionRecord } from '../../store/store.ts';

const PAGE = 500;

export type ExportedHit = { hit: QueuedHit; decision: ReviewRevisionRecord | undefined };

/** Every hit the filters select, in queue order, with its latest decision; a page at a time, so exports stream. */
export async function* queuedHitsWithDecisions(db: Kysely<Database>, filters: HitFilters): AsyncGenerator<ExportedHit> {
  let after: Parameters<typeof listQueuedHits>[2]['after'];
  for (;;) {
    const page = await listQueuedHits(db, filters, { limit: PAGE, ...(after ? { after } : {}) });
    const decided = page.filter((h) => h.revision > 0).map((h) => h.id);
    const decisions = decided.length > 0 ? await latestRevisions(db, decided) : new Map<string, ReviewRevisionRecord>();
    for (const hit of page) yield { hit, decision: decisions.get(hit.id) };
    if (page.length < PAGE) return;
    const last = page[page.length - 1]!;
    after = { createdAt: last.documentCreatedAt, sha256: last.sha256, ordinal: last.ordinal };
  }
}
