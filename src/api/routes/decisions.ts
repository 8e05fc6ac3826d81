import { z } from 'zod';
import { DecisionSchema } from '../../review/decision.ts';
import { DECIDING_ROLES } from '../../review/who-may-decide.ts';
import type { ApiApp } from '../api-app.ts';
import type { ApiDeps } from '../api-deps.ts';
import { audit } from '../audit.ts';
import { ErrorSchema, errorResponses } from '../views/error-schema.ts';
import { HitViewSchema, toHitView } from '../views/hit-view.ts';
import { RevisionViewSchema, toRevisionView } from '../views/revision-view.ts';

/**
 * A decision on a hit: parsed here, decided by the review service (src/review/review-service.ts:
 * a new revision, never an update; If-Match with the hit's ETag, none → 428, an older one or a
 * lost race → 412), answered with the hit's new version.
 */
export function registerDecisionRoutes(app: ApiApp, deps: ApiDeps): void {
  const { review } = deps;
  app.post(
    '/api/hits/:id/decisions',
    {
      config: { access: DECIDING_ROLES },
      schema: {
        tags: ['review'],
        summary: 'Confirm, reject or correct a hit (If-Match: the hit\'s ETag)',
        params: z.object({ id: z.string().min(1).max(100) }),
        headers: z.object({ 'if-match': z.string().max(500).optional() }).loose(),
        body: DecisionSchema,
        response: {
          201: z.object({ hit: HitViewSchema, revision: RevisionViewSchema }),
          ...errorResponses,
          412: ErrorSchema,
          428: ErrorSchema,
        },
      },
    },
    async (request, reply) => {
      const decided = await review.decide({
        hitId: request.params.id,
        ifMatch: request.headers['if-match'],
        decision: request.body,
        by: { actor: request.principal!.actor, role: request.principal!.role },
        auditTo: (on) => (action, subject, details) => audit(on, request, action, subject, details),
      });
      const view = toHitView({ ...decided.hit, ...decided.state });
      reply.header('etag', view.etag);
      return reply.code(201).send({ hit: view, revision: toRevisionView(decided.revision, decided.hit.id) });
    },
  );
}
