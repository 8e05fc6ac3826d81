import type { FastifyRequest } from 'fastify';
import type { Store } from '../store/store.ts';

/**
 * Appends to the store's audit log as the request's principal (or `anonymous`), with the client
 * address. Awaited by the routes: an action whose audit record cannot be written is not done.
 */
export async function audit(
  store: Store,
  request: FastifyRequest,
  action: string,
  subject: string,
  details: Record<string, unknown> = {},
): Promise<void> {
  await store.appendAudit({
    actor: request.principal?.actor ?? 'anonymous',
    action,
    subject,
    details: { ...details, ip: request.ip, ...(request.principal ? { role: request.principal.role, via: request.principal.via } : {}) },
  });
}
