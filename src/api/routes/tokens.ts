import { z } from 'zod';
import { ApiTokenRecordSchema, RoleSchema } from '../../store/repositories/tokens.ts';
import type { ApiApp } from '../api-app.ts';
import { notFound } from '../api-error.ts';
import type { ApiDeps } from '../api-deps.ts';
import { audit } from '../audit.ts';
import { ADMINS } from '../auth/access.ts';
import { errorResponses } from '../views/error-schema.ts';

/** Token management for admins; the same as `termlens token`, for when the CLI is not at hand. */
export function registerTokenRoutes(app: ApiApp, deps: ApiDeps): void {
  const { tokens, store } = deps;

  app.get(
    '/api/tokens',
    {
      config: { access: ADMINS },
      schema: { tags: ['tokens'], summary: 'API tokens (never their secrets)', response: { 200: z.object({ items: z.array(ApiTokenRecordSchema) }), ...errorResponses } },
    },
    async () => ({ items: await tokens.list() }),
  );

  app.post(
    '/api/tokens',
    {
      config: { access: ADMINS },
      schema: {
        tags: ['tokens'],
        summary: 'Make a token; its secret is in this answer and nowhere else',
        body: z.object({ name: z.string().trim().min(1).max(100), role: RoleSchema }),
        response: { 201: z.object({ token: z.string(), record: ApiTokenRecordSchema }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const made = await tokens.create(request.body);
      await audit(store, request, 'token.created', made.record.id, { name: made.record.name, role: made.record.role });
      return reply.code(201).header('cache-control', 'no-store').send(made);
    },
  );

  app.delete(
    '/api/tokens/:id',
    {
      config: { access: ADMINS },
      schema: {
        tags: ['tokens'],
        summary: 'Revoke a token; its sessions end with it',
        params: z.object({ id: z.string().regex(/^tok_[0-9a-f]{16}$/) }),
        response: { 200: ApiTokenRecordSchema, ...errorResponses },
      },
    },
    async (request) => {
      const revoked = await tokens.revoke(request.params.id);
      if (!revoked) throw notFound('live token');
      await audit(store, request, 'token.revoked', revoked.id, { name: revoked.name });
      return revoked;
    },
  );
}
