import { InputError } from '../errors.ts';

/**
 * Someone else saved this revision number of the hit first. The caller reloads the hit's
 * revisions and decides again; a decision is never overwritten.
 */
export class RevisionConflictError extends InputError {
  readonly hitId: string;
  readonly revision: number;

  constructor(hitId: string, revision: number, options?: { cause?: unknown }) {
    super('REVIEW_REVISION_CONFLICT', `revision ${revision} of hit ${hitId} already exists; reload and decide again`, options);
    this.name = 'RevisionConflictError';
    this.hitId = hitId;
    this.revision = revision;
  }
}
