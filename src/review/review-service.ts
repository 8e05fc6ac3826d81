import type { GlossaryEntry } from '../domain/glossary.ts';
import type { DocumentRecord, ReviewRevisionRecord, Store, StoredHit } from '../store/store.ts';
import { appendDecision, type ReviewAudit, type Reviewer } from './apply-decision.ts';
import { decideBulk, type BulkAnswer, type BulkInput } from './bulk-decisions.ts';
import { undoBulk, type UndoAnswer, type UndoInput } from './bulk-undo.ts';
import { noteOf, type Decision } from './decision.ts';
import { checkIfMatch, hitEtag } from './hit-version.ts';
import { resolveCorrection } from './resolve-correction.ts';
import { notFound, ReviewRefusal } from './review-refusal.ts';
import { reviewStateOf, type ReviewState } from './review-state.ts';
import { checkMayDecide } from './who-may-decide.ts';

export type { ReviewAudit, Reviewer } from './apply-decision.ts';

export type DecideInput = {
  hitId: string;
  /** The version (ETag) of the hit the decision was made on, as an If-Match header gives it. */
  ifMatch: string | string[] | undefined;
  decision: Decision;
  by: Reviewer;
  /** The audit log on a given store: inside the decision's transaction, outside for a refusal. */
  auditTo: (store: Store) => ReviewAudit;
};

export type Decided = { hit: StoredHit; revision: ReviewRevisionRecord; state: ReviewState };

export type HitDetail = {
  hit: StoredHit;
  revisions: ReviewRevisionRecord[];
  /** For a hit reopened by a glossary change: the decisions on the hit it replaced. */
  earlier: ReviewRevisionRecord[];
  /** Decided, and no longer found by the document's latest analysis. */
  withdrawn: boolean;
  state: ReviewState;
  document: DocumentRecord;
  /** The current glossary's entry of the hit; undefined once the glossary no longer has it. */
  entry: GlossaryEntry | undefined;
};

export type ReviewServiceDeps = {
  store: Store;
  glossary: { entry(id: string): GlossaryEntry | undefined };
};

/**
 * The review rules, for the API and the CLI alike: a decision on a hit is a new revision, never
 * an update. The caller says which version it decided on: none → refused (version-required),
 * an older one → refused (changed), and two reviewers racing on the same version are told apart
 * by the store's unique revision number (the second is refused as changed too), so nobody's
 * decision is silently replaced. Refusals are ReviewRefusal errors; those about the version are
 * audited, as is every decision.
 */
export class ReviewService {
  readonly #store: Store;
  readonly #glossary: ReviewServiceDeps['glossary'];

  constructor(deps: ReviewServiceDeps) {
    this.#store = deps.store;
    this.#glossary = deps.glossary;
  }

  /** The hit with its revisions, its state, its document and its glossary entry. */
  async hitDetail(hitId: string): Promise<HitDetail> {
    const hit = await this.#store.getHit(hitId);
    if (!hit) throw notFound('hit');
    const [revisions, document, earlier, withdrawn] = await Promise.all([
      this.#store.listReviewRevisions(hit.id),
      this.#store.getDocument(hit.sha256),
      hit.reopened ? this.#store.listReviewRevisionsOfKey(hit.reopened.from) : [],
      this.#store.hits.isWithdrawn(hit.id),
    ]);
    if (!document) throw notFound('document');
    return { hit, revisions, earlier, withdrawn, state: reviewStateOf(revisions), document, entry: this.#glossary.entry(hit.entryId) };
  }

  async decide(input: DecideInput): Promise<Decided> {
    const { decision } = input;
    checkMayDecide(input.by.role);
    let seenRevision: number | undefined;
    try {
      // One transaction for the check, the revision and its audit line: a decision is never
      // stored without its audit record, and the store commits (and syncs) once.
      return await this.#store.transaction(async (tx) => {
        const at = await tx.hits.atRevision(input.hitId);
        if (!at) throw notFound('hit');
        const { hit, current } = at;
        seenRevision = current;
        checkIfMatch(input.ifMatch, hitEtag(hit.id, current));
        const corrected =
          decision.decision === 'correct' && decision.correction
            ? await resolveCorrection({ store: tx, entry: (id) => this.#glossary.entry(id) }, hit, decision.correction)
            : null;
        const record = await appendDecision(tx, at, { decision: decision.decision, corrected, note: noteOf(decision) }, { author: input.by.actor, audit: input.auditTo(tx) });
        return { hit, revision: record, state: reviewStateOf([record]) };
      });
    } catch (error) {
      // Audited after the rollback, on the store itself, or the refusal's line would go with it.
      if (error instanceof ReviewRefusal && (error.reason === 'changed' || error.reason === 'version-required') && seenRevision !== undefined) {
        await input.auditTo(this.#store)('review.refused', input.hitId, { code: error.code, revision: (error.details?.revision as number | undefined) ?? seenRevision });
      }
      throw error;
    }
  }

  /** One decision on many hits, in one transaction (src/review/bulk-decisions.ts). */
  decideBulk(input: BulkInput): Promise<BulkAnswer> {
    return decideBulk(this.#store, input);
  }

  /** Takes a bulk action back, hit by hit, where nobody decided since (src/review/bulk-undo.ts). */
  undoBulk(input: UndoInput): Promise<UndoAnswer> {
    return undoBulk(this.#store, input);
  }
}
