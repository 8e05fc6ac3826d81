import { type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import { z } from 'zod';
import type { HitKind } from '../../domain/hit.ts';
import type { Database } from '../database-schema.ts';
import { toNumber, toStoredHit } from '../row-mappers.ts';
import { ReviewDecisionSchema, type ReviewDecision, type StoredHit } from '../store.ts';

/**
 * The review queue: hits across documents, always those of each document's latest analysis
 * (older glossary versions' hits stay in the table as history but are not reviewed again), with
 * the latest decision on each. Written as portable SQL over both backends.
 */

/**
 * A hit's review status is its latest decision, or pending while there is none; `withdrawn` is
 * a decided hit that a re-tag no longer finds (nor replaced by another at its place): it is out
 * of the queue, but listed, and exported with its decisions.
 */
export const REVIEW_STATUSES = ['pending', 'confirmed', 'rejected', 'corrected', 'withdrawn'] as const;
/** The statuses of hits in the queue (the latest analyses' hits): all but withdrawn. */
export const QUEUE_STATUSES = ['pending', 'confirmed', 'rejected', 'corrected'] as const satisfies readonly ReviewStatus[];
export const ReviewStatusSchema = z.enum(REVIEW_STATUSES);
export type ReviewStatus = z.infer<typeof ReviewStatusSchema>;

/** `reopen` (an undo back to before any decision) leaves the hit pending, as if undecided. */
const STATUS_OF: Record<ReviewDecision, ReviewStatus> = { confirm: 'confirmed', reject: 'rejected', correct: 'corrected', reopen: 'pending' };
const DECISION_OF: Record<Exclude<ReviewStatus, 'pending' | 'withdrawn'>, ReviewDecision> = {
  confirmed: 'confirm',
  rejected: 'reject',
  corrected: 'correct',
};

/** Whether a latest revision decides: none, or an undo back to pending (`reopen`), does not. */
export function decides(decision: string | null | undefined): boolean {
  return decision != null && decision !== 'reopen';
}

/** Why a hit is pending again after a glossary change, while nobody has decided on it since. */
export function reopenedReasonShown(hit: Pick<StoredHit, 'reopened'> & { revision: number }): string | undefined {
  return hit.revision === 0 ? hit.reopened?.reason : undefined;
}

export function statusOfDecision(decision: ReviewDecision | null | undefined): ReviewStatus {
  return decision ? STATUS_OF[decision] : 'pending';
}

export type HitFilters = {
  /** The canonical term, the entry id or the text as matched. */
  term?: string;
  entryId?: string;
  category?: string;
  /** `possible` picks the places where a term may have been missed (their own filter on the page). */
  kind?: HitKind;
  status?: ReviewStatus;
  batchId?: string;
  sha256?: string;
};

/** Where a page ended: document upload time, document, position in it. */
export type HitCursor = { createdAt: string; sha256: string; ordinal: number };

export type QueuedHit = StoredHit & {
  ordinal: number;
  /** Latest revision number (0 before any decision): what the hit's ETag is made from. */
  revision: number;
  /** Not `status`: a hit's `status` is the glossary status of the form it matched. */
  reviewStatus: ReviewStatus;
  documentCreatedAt: string;
};

/**
 * The latest decision on the review key of the hit aliased `h`, null before any (shared by the
 * store's hit queries): read from latest_decisions, which every revision's append keeps current.
 */
export function latestDecision() {
  return sql<string | null>`(select ld.decision from latest_decisions ld where ld.review_key = h.review_key)`;
}

function latestRevision() {
  return sql<number | string | null>`(select ld.revision from latest_decisions ld where ld.review_key = h.review_key)`;
}

/** latestRevision's value as a revision number: 0 before any decision. */
function revisionNumber(latest: number | string | null): number {
  return latest === null ? 0 : toNumber(latest);
}

/**
 * The hit aliased `h` has this review status (the queue's: withdrawn is not a decision). Pending
 * is undecided: no revision, or an undo took the hit back to before its first decision. Written
 * as (anti-)joins on latest_decisions: as `coalesce(latestDecision, 'reopen') = 'reopen'`,
 * PostgreSQL with statistics guessed pending hits rare and scanned every hit for a page (5 s).
 */
export function inReviewStatus(status: Exclude<ReviewStatus, 'withdrawn'>) {
  return status === 'pending'
    ? sql<boolean>`not exists (select 1 from latest_decisions ld where ld.review_key = h.review_key and ld.decision <> 'reopen')`
    : sql<boolean>`exists (select 1 from latest_decisions ld where ld.review_key = h.review_key and ld.decision = ${DECISION_OF[status]})`;
}

/**
 * `h` belongs to its document's latest analysis; older glossary versions' hits are history, not
 * review work. The document row names that analysis's version (saveAnalysis keeps it), so
 * SQLite reads each document's hits from hits_by_analysis with both keys fixed, and neither
 * backend looks for the highest seq per document in every query (80 ms of every counter on
 * PostgreSQL at 7,500 documents, when it did).
 */
const LATEST_HITS = sql<boolean>`h.glossary_version = d.latest_glossary_version`;

/**
 * Hits of each document's latest analysis, walked document by document in queue order. The
 * documents come first (a cross join: SQLite keeps the tables in the order written, PostgreSQL
 * plans it as the inner join it is), so a page walks the documents_queue index, reads each
 * document's hits in ordinal order, and stops after `limit` hits instead of sorting every hit
 * in the store (100,000 hits: 300 ms a page on SQLite, 1 s on PostgreSQL, before).
 */
function baseQuery(db: Kysely<Database>, filters: HitFilters) {
  const query = db.selectFrom('documents as d').crossJoin('hits as h').whereRef('h.sha256', '=', 'd.sha256').where(LATEST_HITS);
  return withFilters(query, filters);
}

/**
 * The latest hits the filters select (status aside), counted by their latest decision (null:
 * none yet): the queue's counter with a filter on the hits, and each document's tally
 * (queue-tally.ts). Walked from the hits, each decision looked up by its key, so the cost
 * follows the hits selected, not the decisions in the store.
 */
export async function countsByDecision(db: Kysely<Database>, filters: Omit<HitFilters, 'status'>): Promise<Record<'total' | 'confirmed' | 'rejected' | 'corrected', number>> {
  const rows = await baseQuery(db, filters)
    .select([latestDecision().as('decision'), (eb) => eb.fn.countAll().as('n')])
    .groupBy(latestDecision())
    .execute();
  const n = (decision: string) => toNumber(rows.find((row) => row.decision === decision)?.n ?? 0);
  return { total: rows.reduce((sum, row) => sum + toNumber(row.n), 0), confirmed: n('confirm'), rejected: n('reject'), corrected: n('correct') };
}

/** The analysis aliased `ao` is superseded: it is not the latest of its document `d`. */
const SUPERSEDED_ANALYSIS = sql<boolean>`ao.glossary_version <> d.latest_glossary_version`;

/**
 * Withdrawn hits: decided, not in their document's latest analysis, in no later analysis under
 * the same review key (so each key is one row: the last analysis that found it), and not
 * replaced by a latest hit that was reopened from it (that one shows its history instead).
 *
 * Walked from the superseded analyses, and only those of documents analysed more than once (or
 * the one document asked for): a store that was never re-tagged has none, and the queue's
 * counter asks this with every page. Walked from every document's hits instead, it read all
 * 100,000 hits of bench/serve.ts's store per page (59 ms on SQLite; 1 ms now).
 */
export function withdrawnQuery(db: Kysely<Database>, filters: Omit<HitFilters, 'status'>) {
  const reanalysed =
    filters.sha256 === undefined
      ? sql<boolean>`ao.sha256 in (select a1.sha256 from analyses a1 group by a1.sha256 having count(*) > 1)`
      : sql<boolean>`ao.sha256 = ${filters.sha256}`;
  const query = db
    .selectFrom('analyses as ao')
    .crossJoin('hits as h')
    .crossJoin('documents as d')
    .where(reanalysed)
    .where(SUPERSEDED_ANALYSIS)
    .whereRef('h.sha256', '=', 'ao.sha256')
    .whereRef('h.glossary_version', '=', 'ao.glossary_version')
    .whereRef('d.sha256', '=', 'ao.sha256')
    // Decided: not pending (an undo back to pending is no decision).
    .where(sql<boolean>`not ${inReviewStatus('pending')}`)
    .where(
      sql<boolean>`not exists (select 1 from hits h3 join analyses a3 on a3.sha256 = h3.sha256 and a3.glossary_version = h3.glossary_version
        where h3.review_key = h.review_key and a3.seq > ao.seq)`,
    )
    .where(sql<boolean>`not exists (select 1 from hits h4 where h4.sha256 = d.sha256 and h4.reopened_from = h.review_key and h4.glossary_version = d.latest_glossary_version)`);
  return withFilters(query, filters);
}

/** Filters on the hits themselves; the others (document, batch) are on `d` alone. */
const HIT_FILTERS = ['term', 'entryId', 'category', 'kind', 'status'] as const satisfies readonly (keyof HitFilters)[];

/**
 * The filters as conditions on `h` (hits) and `d` (documents), whatever else the query joins; a
 * query without `h` may only be given document filters.
 */
// biome-ignore lint/suspicious/noExplicitAny: any query builder, whatever it joins; the conditions name only h and d
function withFilters<Q extends SelectQueryBuilder<any, any, any>>(q: Q, filters: HitFilters): Q {
  // Kysely's types cannot follow a builder through a generic; the conditions only name h and d.
  let query = q as unknown as SelectQueryBuilder<Database & { h: Database['hits']; d: Database['documents'] }, 'h' | 'd', object>;
  if (filters.term) {
    const term = filters.term;
    query = query.where((eb) => eb.or([eb('h.term', '=', term), eb('h.entry_id', '=', term), eb('h.matched', '=', term)]));
  }
  if (filters.entryId) query = query.where('h.entry_id', '=', filters.entryId);
  if (filters.category) query = query.where('h.category', '=', filters.category);
  if (filters.kind) query = query.where('h.kind', '=', filters.kind);
  if (filters.sha256) query = query.where('d.sha256', '=', filters.sha256);
  if (filters.batchId) {
    const batchId = filters.batchId;
    // A duplicate item of the batch counts too: its content was reviewed under the original.
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('batch_items as bi')
          .select(sql`1`.as('one'))
          .where('bi.batch_id', '=', batchId)
          .where((eb) => eb.or([eb('bi.sha256', '=', eb.ref('d.sha256')), eb('bi.duplicate_of', '=', eb.ref('d.sha256'))])),
      ),
    );
  }
  if (filters.status) {
    const status = filters.status;
    if (status === 'withdrawn') {
      throw new Error('withdrawn hits are listed by HitQueueRepository.withdrawn, not by the queue');
    }
    query = query.where(inReviewStatus(status));
  }
  return query as unknown as Q;
}

function afterCursor(c: HitCursor) {
  return sql<boolean>`(d.created_at, d.sha256) >= (${c.createdAt}, ${c.sha256}) and ((d.created_at, d.sha256) > (${c.createdAt}, ${c.sha256}) or h.ordinal > ${c.ordinal})`;
}

function beforeCursor(c: HitCursor) {
  return sql<boolean>`(d.created_at, d.sha256) <= (${c.createdAt}, ${c.sha256}) and ((d.created_at, d.sha256) < (${c.createdAt}, ${c.sha256}) or h.ordinal < ${c.ordinal})`;
}

export type HitPage = { limit: number; after?: HitCursor; before?: HitCursor };

/**
 * The counter from the decided counts: whatever is not decided is pending. Withdrawn hits are
 * not part of the total: the total is what the latest analyses found.
 */
function withPending(decided: Record<'total' | 'confirmed' | 'rejected' | 'corrected', number>, withdrawn: number): Record<ReviewStatus, number> & { total: number } {
  return { ...decided, pending: decided.total - decided.confirmed - decided.rejected - decided.corrected, withdrawn };
}

/**
 * The review queue as a repository over hits, documents, analyses and revisions: reached as
 * `store.hits`, so the review service needs no database handle of its own.
 */
export class HitQueueRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /**
   * One page of the queue in upload order (document, then position in its text). Keyset paging:
   * a decision made while paging changes no hit's place, so nothing is skipped or seen twice.
   * `before` pages backwards (for "previous"); the page is still returned in queue order.
   */
  async queued(filters: HitFilters, page: HitPage): Promise<QueuedHit[]> {
    let query = baseQuery(this.#db, filters)
      .selectAll('h')
      .select([latestDecision().as('latest_decision'), latestRevision().as('latest_revision'), 'd.created_at as document_created_at']);
    const backwards = page.before !== undefined && page.after === undefined;
    if (page.after) {
      const after = page.after;
      query = query.where(afterCursor(after));
    }
    if (page.before) {
      const before = page.before;
      query = query.where(beforeCursor(before));
    }
    const direction = backwards ? 'desc' : 'asc';
    const rows = await query
      .orderBy('d.created_at', direction)
      .orderBy('d.sha256', direction)
      .orderBy('h.ordinal', direction)
      .limit(page.limit)
      .execute();
    if (backwards) rows.reverse();
    return rows.map((row) => {
      const { latest_decision, latest_revision, document_created_at, ...hit } = row;
      const decision = latest_decision === null ? null : ReviewDecisionSchema.parse(latest_decision);
      return {
        ...toStoredHit(hit),
        ordinal: toNumber(hit.ordinal),
        revision: revisionNumber(latest_revision),
        reviewStatus: statusOfDecision(decision),
        documentCreatedAt: document_created_at,
      };
    });
  }

  /**
   * How many hits the filters select, by review status: the queue's counter, sent with every
   * page. Without a filter on the hits, a sum of the documents' tallies; with one, the selected
   * hits counted by decision (countsByDecision) and the withdrawn ones.
   */
  async count(filters: Omit<HitFilters, 'status'>): Promise<Record<ReviewStatus, number> & { total: number }> {
    if (!HIT_FILTERS.some((f) => (filters as HitFilters)[f] !== undefined)) {
      // No filter on the hits themselves: each document row carries its latest analysis's hit
      // count and review tally (queue-tally.ts), a row per document instead of a join per hit.
      const sum = (column: keyof Database['documents']) => sql<number | string>`coalesce(sum(${sql.ref(`d.${column}`)}), 0)`;
      const row = await withFilters(this.#db.selectFrom('documents as d'), filters)
        .select([
          sum('latest_hit_count').as('total'),
          sum('latest_confirmed').as('confirmed'),
          sum('latest_rejected').as('rejected'),
          sum('latest_corrected').as('corrected'),
          sum('latest_withdrawn').as('withdrawn'),
        ])
        .executeTakeFirstOrThrow();
      return withPending({ total: toNumber(row.total), confirmed: toNumber(row.confirmed), rejected: toNumber(row.rejected), corrected: toNumber(row.corrected) }, toNumber(row.withdrawn));
    }
    const [decided, withdrawn] = await Promise.all([
      countsByDecision(this.#db, filters),
      withdrawnQuery(this.#db, filters)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirst(),
    ]);
    return withPending(decided, toNumber(withdrawn?.n ?? 0));
  }

  /**
   * The withdrawn hits the filters select (status aside), in document order, with their latest
   * decision: each review key once, as the last analysis that still had it found it. Not paged
   * (they are the few decided hits a glossary change took away); `limit` bounds a page.
   */
  async withdrawn(filters: Omit<HitFilters, 'status'>, limit?: number): Promise<QueuedHit[]> {
    let query = withdrawnQuery(this.#db, filters)
      .selectAll('h')
      .select([latestDecision().as('latest_decision'), latestRevision().as('latest_revision'), 'd.created_at as document_created_at'])
      .orderBy('d.created_at')
      .orderBy('d.sha256')
      .orderBy('h.start_offset')
      .orderBy('h.id');
    if (limit !== undefined) query = query.limit(limit);
    const rows = await query.execute();
    return rows.map((row) => {
      const { latest_decision: _decision, latest_revision, document_created_at, ...hit } = row;
      return {
        ...toStoredHit(hit),
        ordinal: toNumber(hit.ordinal),
        revision: revisionNumber(latest_revision),
        reviewStatus: 'withdrawn' as const,
        documentCreatedAt: document_created_at,
      };
    });
  }

  /** Whether this hit is withdrawn (withdrawnQuery's rule, for one hit: the hit detail asks). */
  async isWithdrawn(hitId: string): Promise<boolean> {
    const hit = await this.#db
      .selectFrom('hits as h')
      .innerJoin('documents as d', 'd.sha256', 'h.sha256')
      .select(['h.sha256', 'h.glossary_version', 'd.latest_glossary_version', 'd.latest_withdrawn'])
      .where('h.id', '=', hitId)
      .executeTakeFirst();
    // A hit of the latest analysis is in the queue, and a document whose tally has no withdrawn
    // hit has none: the rule's query only runs for a superseded hit of such a document.
    if (hit === undefined || hit.glossary_version === hit.latest_glossary_version || toNumber(hit.latest_withdrawn) === 0) return false;
    const row = await withdrawnQuery(this.#db, { sha256: hit.sha256 }).select(sql`1`.as('one')).where('h.id', '=', hitId).executeTakeFirst();
    return row !== undefined;
  }

  /**
   * The hit and its latest revision number (0 before any decision), in one query: what a
   * decision checks its If-Match against. latest_decisions holds each key's highest revision.
   */
  async atRevision(hitId: string): Promise<{ hit: StoredHit; current: number } | undefined> {
    const row = await this.#db.selectFrom('hits as h').selectAll('h').select(latestRevision().as('latest_revision')).where('h.id', '=', hitId).executeTakeFirst();
    if (!row) return undefined;
    const { latest_revision, ...hit } = row;
    return { hit: toStoredHit(hit), current: revisionNumber(latest_revision) };
  }

  /** The hit's place in the queue, for a cursor that starts right after (or before) it. */
  async cursorOf(hitId: string): Promise<HitCursor | undefined> {
    const row = await this.#db
      .selectFrom('hits as h')
      .innerJoin('documents as d', 'd.sha256', 'h.sha256')
      .select(['d.created_at', 'h.sha256', 'h.ordinal'])
      .where('h.id', '=', hitId)
      .executeTakeFirst();
    return row && { createdAt: row.created_at, sha256: row.sha256, ordinal: toNumber(row.ordinal) };
  }
}
