import { z } from 'zod';
import type { ApiApp } from '../api-app.ts';
import type { ApiDeps } from '../api-deps.ts';

const CheckSchema = z.enum(['ok', 'unavailable', 'not-used']);
const HealthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  store: CheckSchema,
  queue: CheckSchema,
  processing: z.enum(['queue', 'in-process']),
});

async function check(probe: () => Promise<unknown>, timeoutMs: number): Promise<'ok' | 'unavailable'> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
      }),
    ]);
    return 'ok';
  } catch {
    return 'unavailable';
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Public, for load balancers and orchestrators: whether the store and Redis answer, and nothing
 * about what they hold. 503 when either is down, so a probe needs no parsing.
 */
export function registerHealthRoutes(app: ApiApp, deps: ApiDeps): void {
  app.get(
    '/api/health',
    {
      config: { access: 'public' },
      schema: { tags: ['health'], summary: 'Whether the store and Redis are reachable', response: { 200: HealthSchema, 503: HealthSchema } },
    },
    async (_request, reply) => {
      const store = await check(() => deps.store.getDocument('0'.repeat(64)), 3_000);
      const queue = deps.processor.kind === 'queue' ? await check(() => deps.processor.ping(), 3_000) : 'not-used';
      const healthy = store === 'ok' && queue !== 'unavailable';
      return reply.code(healthy ? 200 : 503).send({ status: healthy ? 'ok' : 'degraded', store, queue, processing: deps.processor.kind });
    },
  );
}
