import { z } from 'zod';
import { ItemStatusSchema } from '../../store/store.ts';
import type { ApiApp } from '../api-app.ts';
import { notFound } from '../api-error.ts';
import type { ApiDeps } from '../api-deps.ts';
import { EVERY_ROLE } from '../auth/access.ts';
import { BatchItemViewSchema, BatchViewSchema, toBatchItemView, toBatchView } from '../views/batch-view.ts';
import { errorResponses } from '../views/error-schema.ts';

/** Batches (uploads and `termlens batch` runs alike) and their items, a page at a time. */
export function registerBatchRoutes(app: ApiApp, deps: ApiDeps): void {
  const { store } = deps;

  app.get(
    '/api/batches',
    {
      config: { access: EVERY_ROLE },
      schema: {
        tags: ['batches'],
        summary: 'Batches, newest first, with their counts',
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) }),
        response: { 200: z.object({ items: z.array(BatchViewSchema) }), ...errorResponses },
      },
    },
    async (request) => {
      const batches = (await store.listBatches()).slice(0, request.query.limit);
      const items = await Promise.all(batches.map(async (b) => toBatchView(b, await store.batchCounts(b.id))));
      return { items };
    },
  );

  app.get(
    '/api/batches/:id',
    {
      config: { access: EVERY_ROLE },
      schema: {
        tags: ['batches'],
        summary: 'One batch: counts and a page of items in key order',
        params: z.object({ id: z.string().min(1).max(100) }),
        querystring: z.object({
          after: z.string().max(2000).optional(),
          limit: z.coerce.number().int().min(1).max(1000).default(200),
          status: ItemStatusSchema.optional(),
        }),
        response: {
          200: z.object({ batch: BatchViewSchema, items: z.array(BatchItemViewSchema), nextAfter: z.string().nullable() }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const batch = await store.getBatch(request.params.id);
      if (!batch) throw notFound('batch');
      const { after, limit, status } = request.query;
      const items = await store.listBatchItems(batch.id, {
        limit,
        ...(after !== undefined ? { afterKey: after } : {}),
        ...(status ? { status } : {}),
      });
      return {
        batch: toBatchView(batch, await store.batchCounts(batch.id)),
        items: items.map(toBatchItemView),
        nextAfter: items.length === limit ? items[items.length - 1]!.itemKey : null,
      };
    },
  );
}
