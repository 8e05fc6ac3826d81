import { type ExpressionBuilder, type Kysely, sql } from 'kysely';
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

/** A hit's review status is its latest decision, or pending while there is none. */
export const REVIEW_STATUSES = ['pending', 'confirmed', 'rejected', 'corrected'] as const;
export const ReviewStatusSchema = z.enum(REVIEW_STATUSES);
export type ReviewStatus = z.infer<typeof ReviewStatusSchema>;

const STATUS_OF: Record<ReviewDecision, ReviewStatus> = { confirm: 'confirmed', reject: 'rejected', correct: 'corrected' };
const DECISION_OF: Record<Exclude<ReviewStatus, 'pending'>, ReviewDecision> = {
  confirmed: 'confirm',
  rejected: 'reject',
  corrected: 'correct',
};

export function statusOfDecision(decision: ReviewDecision | null | undefined): ReviewStatus {
  return decision ? STATUS_OF[decision] : 'pending';
}

export type HitFilters = {
  /** The canonical term, the entry id or the text as matched. */
  term?: string;
  entryId?: string;
  category?: string;
  /** 'possible' hits (annotate's low-confidence readings) are not stored yet: it matches none. */
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

type Eb = ExpressionBuilder<Database & { h: Database['hits']; d: Database['documents'] }, 'h' | 'd'>;

function latestDecision() {
  return sql<string | null>`(select r.decision from review_revisions r where r.hit_id = h.id order by r.revision desc limit 1)`;
}

function latestRevision() {
  return sql<number | string | null>`(select max(r.revision) from review_revisions r where r.hit_id = h.id)`;
}

function baseQuery(db: Kysely<Database>, filters: HitFilters) {
  let query = db
    .selectFrom('hits as h')
    .innerJoin('documents as d', 'd.sha256', 'h.sha256')
    .where(sql<boolean>`h.glossary_version = (select a.glossary_version from analyses a where a.sha256 = h.sha256 order by a.seq desc limit 1)`);
  if (filters.term) {
    const term = filters.term;
    query = query.where((eb) => eb.or([eb('h.term', '=', term), eb('h.entry_id', '=', term), eb('h.matched', '=', term)]));
  }
  if (filters.entryId) query = query.where('h.entry_id', '=', filters.entryId);
  if (filters.category) query = query.where('h.category', '=', filters.category);
  if (filters.kind) query = query.where('h.kind', '=', filters.kind);
  if (filters.sha256) query = query.where('h.sha256', '=', filters.sha256);
  if (filters.batchId) {
    const batchId = filters.batchId;
    // A duplicate item of the batch counts too: its content was reviewed under the original.
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('batch_items as bi')
          .select(sql`1`.as('one'))
          .where('bi.batch_id', '=', batchId)
          .where((eb) => eb.or([eb('bi.sha256', '=', eb.ref('h.sha256')), eb('bi.duplicate_of', '=', eb.ref('h.sha256'))])),
      ),
    );
  }
  if (filters.status) {
    const status = filters.status;
    if (status === 'pending') {
      query = query.where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('review_revisions as r').select(sql`1`.as('one')).whereRef('r.hit_id', '=', 'h.id'))),
      );
    } else {
      query = query.where(sql<boolean>`${latestDecision()} = ${DECISION_OF[status]}`);
    }
  }
  return query;
}

function afterCursor(eb: Eb, c: HitCursor) {
  return eb.or([
    eb('d.created_at', '>', c.createdAt),
    eb.and([
      eb('d.created_at', '=', c.createdAt),
      eb.or([eb('h.sha256', '>', c.sha256), eb.and([eb('h.sha256', '=', c.sha256), eb('h.ordinal', '>', c.ordinal)])]),
    ]),
  ]);
}

function beforeCursor(eb: Eb, c: HitCursor) {
  return eb.or([
    eb('d.created_at', '<', c.createdAt),
    eb.and([
      eb('d.created_at', '=', c.createdAt),
      eb.or([eb('h.sha256', '<', c.sha256), eb.and([eb('h.sha256', '=', c.sha256), eb('h.ordinal', '<', c.ordinal)])]),
    ]),
  ]);
}

export type HitPage = { limit: number; after?: HitCursor; before?: HitCursor };

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
      query = query.where((eb) => afterCursor(eb as unknown as Eb, after));
    }
    if (page.before) {
      const before = page.before;
      query = query.where((eb) => beforeCursor(eb as unknown as Eb, before));
    }
    const direction = backwards ? 'desc' : 'asc';
    const rows = await query
      .orderBy('d.created_at', direction)
      .orderBy('h.sha256', direction)
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
        revision: latest_revision === null ? 0 : toNumber(latest_revision),
        reviewStatus: statusOfDecision(decision),
        documentCreatedAt: document_created_at,
      };
    });
  }

  /** How many hits the filters select, and how many of them are decided: the queue's counter. */
  async count(filters: Omit<HitFilters, 'status'>): Promise<Record<ReviewStatus, number> & { total: number }> {
    const rows = await baseQuery(this.#db, filters)
      .select([latestDecision().as('decision'), (eb) => eb.fn.countAll().as('n')])
      .groupBy(sql`${latestDecision()}`)
      .execute();
    const counts = { pending: 0, confirmed: 0, rejected: 0, corrected: 0, total: 0 };
    for (const row of rows) {
      const n = toNumber(row.n);
      counts[statusOfDecision(row.decision === null ? null : ReviewDecisionSchema.parse(row.decision))] += n;
      counts.total += n;
    }
    return counts;
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
