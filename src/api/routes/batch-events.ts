import { z } from 'zod';
import type { ApiApp } from '../api-app.ts';
import { notFound } from '../api-error.ts';
import type { ApiDeps } from '../api-deps.ts';
import { EVERY_ROLE } from '../auth/access.ts';
import { isFinished, toBatchItemView, toBatchView, type BatchItemView } from '../views/batch-view.ts';

/** How often the store is looked at; items change in seconds (an OCR takes about one). */
const POLL_MS = 500;
const HEARTBEAT_MS = 15_000;
/** Above this many items only counts are sent: a leak of thousands is followed by its numbers. */
const ITEM_DETAIL_MAX = 500;

/**
 * Server-sent events with a batch's progress: `progress` events (counts, and the items that
 * changed since the last one) and a final `done` once every item is finished, after which the
 * stream ends. The store is the source, not Redis, so progress is the same whether the queue
 * or this process does the work, and a reconnecting page simply gets the current state again.
 */
export function registerBatchEventRoutes(app: ApiApp, deps: ApiDeps): void {
  const { store } = deps;
  app.get(
    '/api/batches/:id/events',
    {
      config: { access: EVERY_ROLE },
      schema: {
        tags: ['batches'],
        summary: 'Progress of a batch as a text/event-stream (events: progress, done)',
        params: z.object({ id: z.string().min(1).max(100) }),
        produces: ['text/event-stream'],
      },
    },
    async (request, reply) => {
      const batch = await store.getBatch(request.params.id);
      if (!batch) throw notFound('batch');
      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        connection: 'keep-alive',
      });
      let closed = false;
      request.raw.on('close', () => {
        closed = true;
      });
      const send = (event: string, data: unknown) => {
        if (!closed) raw.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      };
      const seen = new Map<string, string>();
      let lastBeat = Date.now();
      try {
        for (;;) {
          const counts = await store.batchCounts(batch.id);
          let changed: BatchItemView[] | undefined;
          if (counts.total <= ITEM_DETAIL_MAX) {
            changed = [];
            for (const item of await store.listBatchItems(batch.id)) {
              const view = toBatchItemView(item);
              const stamp = `${view.status}|${view.updatedAt}`;
              if (seen.get(view.itemKey) !== stamp) {
                seen.set(view.itemKey, stamp);
                changed.push(view);
              }
            }
          }
          if (changed === undefined || changed.length > 0 || seen.size === 0) {
            send('progress', { batch: toBatchView(batch, counts), ...(changed ? { items: changed } : {}) });
          }
          if (isFinished(counts)) {
            send('done', { batch: toBatchView(batch, counts) });
            break;
          }
          if (Date.now() - lastBeat > HEARTBEAT_MS) {
            if (!closed) raw.write(': keep-alive\n\n');
            lastBeat = Date.now();
          }
          await new Promise((resolve) => setTimeout(resolve, POLL_MS));
          if (closed) break;
        }
      } catch (error) {
        request.log.error(error, 'batch event stream failed');
        send('error', { code: 'STREAM_FAILED', message: 'progress could not be read; reload to try again' });
      } finally {
        raw.end();
      }
    },
  );
}
