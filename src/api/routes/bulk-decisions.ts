import { z } from 'zod';
import { BULK_MAX_HITS } from '../../review/bulk-decisions.ts';
import { NoteSchema } from '../../review/decision.ts';
import { DECIDING_ROLES } from '../../review/who-may-decide.ts';
import { ReviewStatusSchema } from '../../store/repositories/hit-queue.ts';
import type { ApiApp } from '../api-app.ts';
import type { ApiDeps } from '../api-deps.ts';
import { audit } from '../audit.ts';
import { ErrorSchema, errorResponses } from '../views/error-schema.ts';
import { HitFilterQuerySchema, toHitFilters } from './hit-filters.ts';

/** The list form's body at BULK_MAX_HITS hits, with room to spare; other JSON bodies get the service's limit. */
const BULK_BODY_MAX_BYTES = 256 * 1024;

const BulkRequestSchema = z
  .object({
    decision: z.enum(['confirm', 'reject']),
    note: NoteSchema.optional(),
    /** The hits, each with the ETag it was seen at. */
    hits: z
      .array(z.object({ id: z.string().min(1).max(100), etag: z.string().min(1).max(200) }).strict())
      .min(1)
      .max(BULK_MAX_HITS)
      .optional(),
    /** Or every hit the queue's filters select (the same filters as GET /api/hits). */
    filter: HitFilterQuerySchema.strict().optional(),
    /** For a filter: the count and tag its preview answered, so what runs is what was shown. */
    expect: z.object({ count: z.number().int().nonnegative(), tag: z.string().min(1).max(200) }).strict().optional(),
    /** For a filter: only count the set and give its tag; nothing is written. */
    preview: z.boolean().optional(),
  })
  .strict()
  .refine((b) => (b.hits === undefined) !== (b.filter === undefined), 'give either hits or filter')
  .refine((b) => b.filter !== undefined || (b.expect === undefined && b.preview === undefined), 'expect and preview go with a filter');

const BulkHitSchema = z.object({ id: z.string(), revision: z.number().int(), reviewStatus: ReviewStatusSchema, etag: z.string() });
const ConflictSchema = z.object({ id: z.string(), etag: z.string() });

/**
 * Bulk decisions (reviewers): one decision on many hits in one transaction, each hit with its
 * own revision and audit line, and the undo of such an action. The rules are the review
 * service's (src/review/bulk-decisions.ts, bulk-undo.ts); a conflict answers 412 naming the
 * hits, and nothing is decided.
 */
export function registerBulkDecisionRoutes(app: ApiApp, deps: ApiDeps): void {
  const { review } = deps;
  app.post(
    '/api/decisions',
    {
      config: { access: DECIDING_ROLES },
      // Room for the most hits one action takes, each with its id and ETag (about 90 bytes).
      bodyLimit: BULK_BODY_MAX_BYTES,
      schema: {
        tags: ['review'],
        summary: 'Confirm or reject many hits at once: listed with their ETags, or a filtered set (preview first)',
        body: BulkRequestSchema,
        response: {
          200: z.object({ count: z.number().int(), tag: z.string() }),
          201: z.object({ bulkId: z.string(), decision: z.enum(['confirm', 'reject']), count: z.number().int(), hits: z.array(BulkHitSchema) }),
          ...errorResponses,
          412: ErrorSchema,
          428: ErrorSchema,
        },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const answer = await review.decideBulk({
        target: body.hits ? { kind: 'hits', hits: body.hits } : { kind: 'filter', filters: toHitFilters(body.filter ?? {}), ...(body.expect ? { expect: body.expect } : {}) },
        decision: body.decision,
        note: body.note?.trim() ? body.note : null,
        by: { actor: request.principal!.actor, role: request.principal!.role },
        auditTo: (store) => (action, subject, details) => audit(store, request, action, subject, details),
        preview: body.preview === true,
      });
      if (answer.preview) return reply.code(200).send({ count: answer.count, tag: answer.tag });
      return reply.code(201).send({ bulkId: answer.bulkId, decision: answer.decision, count: answer.hits.length, hits: answer.hits });
    },
  );

  app.post(
    '/api/decisions/:bulkId/undo',
    {
      config: { access: DECIDING_ROLES },
      schema: {
        tags: ['review'],
        summary: 'Undo a bulk action: each of its hits nobody decided on since gets back its decision before it',
        params: z.object({ bulkId: z.string().min(1).max(100) }),
        response: {
          201: z.object({ bulkId: z.string(), undoes: z.string(), count: z.number().int(), hits: z.array(BulkHitSchema), conflicts: z.array(ConflictSchema) }),
          ...errorResponses,
          412: ErrorSchema,
        },
      },
    },
    async (request, reply) => {
      const answer = await review.undoBulk({
        bulkId: request.params.bulkId,
        by: { actor: request.principal!.actor, role: request.principal!.role },
        auditTo: (store) => (action, subject, details) => audit(store, request, action, subject, details),
      });
      return reply.code(201).send({ ...answer, count: answer.hits.length });
    },
  );
}
