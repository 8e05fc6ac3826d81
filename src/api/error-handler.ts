import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { TermlensError } from '../errors.ts';
import { ReviewRefusal, type RefusalReason } from '../review/review-refusal.ts';
import { RevisionConflictError } from '../store/revision-conflict-error.ts';
import { HttpError } from './api-error.ts';

/**
 * The review service's refusals as HTTP answers: 428 asks for If-Match, 412 says the hit
 * changed, 422 that the glossary merge refused an edit that was well formed.
 */
const REFUSAL_STATUS: Record<RefusalReason, number> = {
  'not-found': 404,
  'version-required': 428,
  changed: 412,
  'bad-correction': 400,
  'bad-request': 400,
  forbidden: 403,
  'bad-entry': 400,
  'entry-exists': 409,
  'edit-refused': 422,
};

type Answer = { status: number; code: string; message: string; details?: Record<string, unknown> };

function answerFor(error: unknown, request: FastifyRequest): Answer {
  if (error instanceof HttpError) {
    return { status: error.statusCode, code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) };
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const issues = error.validation.map((v) => `${v.instancePath || error.validationContext || 'request'}: ${v.message ?? 'invalid'}`);
    return { status: 400, code: 'VALIDATION_FAILED', message: issues.join('; ') };
  }
  if (isResponseSerializationError(error)) {
    request.log.error({ err: error, issues: error.cause.issues }, 'response does not match its schema');
    return { status: 500, code: 'INTERNAL', message: 'internal error' };
  }
  if (error instanceof ReviewRefusal) {
    return { status: REFUSAL_STATUS[error.reason], code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) };
  }
  if (error instanceof RevisionConflictError) return { status: 412, code: error.code, message: error.message };
  if (error instanceof TermlensError) {
    if (error.kind === 'input') return { status: 400, code: error.code, message: error.message };
    request.log.error(error, 'dependency or configuration failure');
    return { status: 503, code: error.code, message: 'a service termlens depends on is unavailable; try again shortly' };
  }
  const fastifyError = error as Partial<FastifyError>;
  const status = fastifyError.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return { status, code: fastifyError.code ?? 'BAD_REQUEST', message: fastifyError.message ?? 'bad request' };
  }
  request.log.error(error, 'unexpected error');
  // Internals (paths, SQL, stack) stay in the log: they help an attacker more than a client.
  return { status: 500, code: 'INTERNAL', message: 'internal error' };
}

/** One error shape for every route: {error: {code, message, details?}}. */
export function errorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const answer = answerFor(error, request);
  const retryAfter = answer.details?.retryAfterSeconds;
  if (answer.status === 429 && typeof retryAfter === 'number') reply.header('retry-after', String(retryAfter));
  return reply
    .code(answer.status)
    .type('application/json; charset=utf-8')
    .send({ error: { code: answer.code, message: answer.message, ...(answer.details ? { details: answer.details } : {}) } });
}
