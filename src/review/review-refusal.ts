import { InputError } from '../errors.ts';

/**
 * Why the review service refused: the hit (or its document, or a glossary entry) is not there,
 * the caller did not say which version it decided on, someone decided since, the correction
 * points at nothing, the caller may not decide, a bulk action is malformed (too many hits, a hit
 * listed twice); for glossary edits, the entry is malformed, an
 * entry with its id exists already, or the merge refused it. The API answers each with its HTTP
 * status; the CLI prints it.
 */
export type RefusalReason =
  | 'not-found'
  | 'version-required'
  | 'changed'
  | 'bad-correction'
  | 'bad-request'
  | 'forbidden'
  | 'bad-entry'
  | 'entry-exists'
  | 'edit-refused';

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
