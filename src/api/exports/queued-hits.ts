import type { HitCursor, HitFilters, QueuedHit } from '../../store/repositories/hit-queue.ts';
import type { ReviewRevisionRecord, Store } from '../../store/store.ts';

const PAGE = 500;

/** `page`: for a hit on a PDF page, the page (1-based) and the PDF's sha256 (hit.sha256 is the page's document key). */
export type ExportedHit = { hit: QueuedHit; decision: ReviewRevisionRecord | undefined; page?: { number: number; pdfSha256: string } };

/**
 * Every hit the filters select, in queue order, with its latest decision; a page at a time, so
 * exports stream. Then, unless a status other than withdrawn was asked for, the withdrawn hits
 * (decided hits a re-tag no longer finds) with theirs: a decision is never left out of an export.
 * A concordance, which shows where the terms stand now, asks for them to be left out.
 */
export async function* queuedHitsWithDecisions(store: Store, filters: HitFilters, options: { withdrawn?: boolean } = {}): AsyncGenerator<ExportedHit> {
  const { status, ...rest } = filters;
  if (status !== 'withdrawn') yield* inQueue(store, filters);
  if ((options.withdrawn ?? true) && (status === undefined || status === 'withdrawn')) {
    const withdrawn = await store.hits.withdrawn(rest);
    const decisions = withdrawn.length > 0 ? await store.latestReviewRevisions(withdrawn.map((h) => h.id)) : new Map<string, ReviewRevisionRecord>();
    for (const hit of withdrawn) yield { hit, decision: decisions.get(hit.id) };
  }
}

async function* inQueue(store: Store, filters: HitFilters): AsyncGenerator<ExportedHit> {
  let after: HitCursor | undefined;
  // Hits come document by document: one look-up per document, not per hit.
  let known: { sha256: string; page: ExportedHit['page'] } | undefined;
  const pageOf = async (sha256: string) => {
    if (known?.sha256 !== sha256) {
      const unit = (await store.getDocument(sha256))?.pdfPage;
      known = { sha256, page: unit ? { number: unit.page, pdfSha256: unit.sourceSha256 } : undefined };
    }
    return known.page;
  };
  for (;;) {
    const page = await store.hits.queued(filters, { limit: PAGE, ...(after ? { after } : {}) });
    const decided = page.filter((h) => h.revision > 0).map((h) => h.id);
    const decisions = decided.length > 0 ? await store.latestReviewRevisions(decided) : new Map<string, ReviewRevisionRecord>();
    for (const hit of page) {
      const unit = await pageOf(hit.sha256);
      yield { hit, decision: decisions.get(hit.id), ...(unit ? { page: unit } : {}) };
    }
    if (page.length < PAGE) return;
    const last = page[page.length - 1]!;
    after = { createdAt: last.documentCreatedAt, sha256: last.sha256, ordinal: last.ordinal };
  }
}
