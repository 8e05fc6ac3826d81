import { z } from 'zod';
import type { ApiApp } from '../api-app.ts';
import type { ApiDeps } from '../api-deps.ts';
import { REVIEWERS } from '../auth/access.ts';
import { errorResponses } from '../views/error-schema.ts';
import { GlossaryEntryViewSchema, toGlossaryEntryView } from '../views/glossary-entry-view.ts';
import { decodeCursor, encodeCursor } from '../views/hit-cursor.ts';
import { HitViewSchema, toHitView } from '../views/hit-view.ts';
import { RevisionViewSchema, toRevisionView } from '../views/revision-view.ts';
import { HitFilterQuerySchema, toHitFilters } from './hit-filters.ts';

const CountsSchema = z.object({
  total: z.number().int(),
  pending: z.number().int(),
  confirmed: z.number().int(),
  rejected: z.number().int(),
  corrected: z.number().int(),
  /** Decided hits a re-tag no longer finds: not in the total, listed with status=withdrawn. */
  withdrawn: z.number().int(),
});

const HitPageSchema = z.object({
  items: z.array(HitViewSchema),
  /** Pass as `after` for the next page; null on the last one. */
  nextCursor: z.string().nullable(),
  /** Pass as `before` for the page before this one; null on the first one. */
  prevCursor: z.string().nullable(),
  /** Over the same filters except status: the queue's "reviewed / total" counter. */
  counts: CountsSchema,
});

const HitDetailSchema = z.object({
  hit: HitViewSchema,
  revisions: z.array(RevisionViewSchema),
  /** For a hit a glossary change made pending again: the decisions on the hit it replaced. */
  earlier: z.array(RevisionViewSchema),
  document: z.object({
    sha256: z.string(),
    firstPath: z.string(),
    mediaType: z.string(),
    width: z.number().int().nullable(),
    height: z.number().int().nullable(),
  }),
  entry: GlossaryEntryViewSchema.nullable(),
});

/** The most withdrawn hits one list shows; exports have them all. */
const WITHDRAWN_LIMIT = 1000;

export function registerHitRoutes(app: ApiApp, deps: ApiDeps): void {
  const { store, review } = deps;

  app.get(
    '/api/hits',
    {
      config: { access: REVIEWERS },
      schema: {
        tags: ['review'],
        summary: 'The review queue: hits of each document\'s latest analysis, filtered, in upload order, keyset-paged',
        querystring: HitFilterQuerySchema.extend({
          limit: z.coerce.number().int().min(1).max(500).default(50),
          after: z.string().max(500).optional(),
          before: z.string().max(500).optional(),
          around: z.string().max(100).optional().describe('a hit id: the page starts at that hit'),
        }),
        response: { 200: HitPageSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { limit, after, before, around, ...filterQuery } = request.query;
      const filters = toHitFilters(filterQuery);
      const { status: _status, ...countFilters } = filters;
      if (filters.status === 'withdrawn') {
        // Few, and out of the queue: one page, no cursors (withdrawn() says why).
        const [withdrawn, counts] = await Promise.all([store.hits.withdrawn(countFilters, WITHDRAWN_LIMIT), store.hits.count(countFilters)]);
        return { items: withdrawn.map((h) => toHitView(h)), nextCursor: null, prevCursor: null, counts };
      }
      let afterCursor = after !== undefined ? decodeCursor(after) : undefined;
      if (around !== undefined && afterCursor === undefined) {
        const at = await store.hits.cursorOf(around);
        // Start just before the hit, so it is the first of the page.
        if (at) afterCursor = { ...at, ordinal: at.ordinal - 1 };
      }
      const beforeCursor = before !== undefined && afterCursor === undefined ? decodeCursor(before) : undefined;
      // The counter does not depend on the page: asked beside it, on a connection of its own
      // where the store has a pool (PostgreSQL). One more hit than asked tells whether there is
      // a further page without a count query.
      const [rows, counts] = await Promise.all([
        store.hits.queued(filters, {
          limit: limit + 1,
          ...(afterCursor ? { after: afterCursor } : {}),
          ...(beforeCursor ? { before: beforeCursor } : {}),
        }),
        store.hits.count(countFilters),
      ]);
      const more = rows.length > limit;
      const page = beforeCursor ? rows.slice(more ? 1 : 0) : rows.slice(0, limit);
      const first = page[0];
      const last = page[page.length - 1];
      const toCursor = (h: (typeof page)[number]) => encodeCursor({ createdAt: h.documentCreatedAt, sha256: h.sha256, ordinal: h.ordinal });
      const hasNext = beforeCursor ? true : more;
      const hasPrev = beforeCursor ? more : afterCursor !== undefined;
      return {
        items: page.map((h) => toHitView(h)),
        nextCursor: last && hasNext ? toCursor(last) : null,
        prevCursor: first && hasPrev ? toCursor(first) : null,
        counts,
      };
    },
  );

  app.get(
    '/api/hits/:id',
    {
      config: { access: REVIEWERS },
      schema: {
        tags: ['review'],
        summary: 'One hit with its revisions, its document and its glossary entry; ETag is its version',
        params: z.object({ id: z.string().min(1).max(100) }),
        response: { 200: HitDetailSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { hit, revisions, earlier, withdrawn, state, document, entry } = await review.hitDetail(request.params.id);
      const view = toHitView({ ...hit, ...state, ...(withdrawn ? { reviewStatus: 'withdrawn' as const } : {}) });
      reply.header('etag', view.etag).header('cache-control', 'no-store');
      return {
        hit: view,
        revisions: revisions.map((r) => toRevisionView(r, hit.id)),
        earlier: earlier.map((r) => toRevisionView(r, hit.id)),
        document: {
          sha256: document.sha256,
          firstPath: document.firstPath,
          mediaType: document.mediaType,
          width: document.width ?? null,
          height: document.height ?? null,
        },
        entry: entry ? toGlossaryEntryView(entry) : null,
      };
    },
  );
}
