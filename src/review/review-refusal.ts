import { InputError } from '../errors.ts';

/**
 * Why the review service refused: the hit (or its document) is not there, the caller did not
 * say which version it decided on, someone decided since, the correction points at nothing,
 * or the caller may not decide. The API answers each with its HTTP status; the CLI prints it.
 */
export type RefusalReason = 'not-found' | 'version-required' | 'changed' | 'bad-correction' | 'forbidden';

export class ReviewRefusal extends InputError {
  readonly reason: RefusalReason;
  readonly details: Record<string, unknown> | undefined;

  constructor(reason: RefusalReason, code: string, message: string, details?: Record<string, unknown>) {
    super(code, message);
    this.name = 'ReviewRefusal';
    this.reason = reason;
    this.details = details;
  }
}

export const notFound = (what: string): ReviewRefusal => new ReviewRefusal('not-found', 'NOT_FOUND', `${what} not found`);
