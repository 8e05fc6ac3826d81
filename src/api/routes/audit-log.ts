import { z } from 'zod';
import { AuditEntryRecordSchema } from '../../store/store.ts';
import type { ApiApp } from '../api-app.ts';
import type { ApiDeps } from '../api-deps.ts';
import { ADMINS } from '../auth/access.ts';
import { errorResponses } from '../views/error-schema.ts';

export function registerAuditRoutes(app: ApiApp, deps: ApiDeps): void {
  app.get(
    '/api/audit',
    {
      config: { access: ADMINS },
      schema: {
        tags: ['audit'],
        summary: 'The audit log, newest first',
        querystring: z.object({
          subject: z.string().min(1).max(200).optional(),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
        }),
        response: { 200: z.object({ items: z.array(AuditEntryRecordSchema) }), ...errorResponses },
      },
    },
    async (request) => {
      const { subject, limit } = request.query;
      return { items: await deps.store.listAudit({ limit, ...(subject !== undefined ? { subject } : {}) }) };
    },
  );
}
