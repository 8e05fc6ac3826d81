import type { GlossaryEntry } from '../domain/glossary.ts';
import { RevisionConflictError } from '../store/revision-conflict-error.ts';
import type { DocumentRecord, ReviewRevisionRecord, Store, StoredHit } from '../store/store.ts';
import type { Role } from '../store/repositories/tokens.ts';
import { noteOf, type Decision } from './decision.ts';
import { checkIfMatch, hitEtag } from './hit-version.ts';
import { resolveCorrection } from './resolve-correction.ts';
import { notFound, ReviewRefusal } from './review-refusal.ts';
import { reviewStateOf, type ReviewState } from './review-state.ts';
import { checkMayDecide } from './who-may-decide.ts';

/**
 * Appends to the audit log on behalf of whoever asked (the API adds the client's address and
 * how it signed in). Awaited: an action whose audit record cannot be written is not done.
 */
export type ReviewAudit = (action: string, subject: string, details: Record<string, unknown>) => Promise<void>;

/** Who decides: `actor` is what the revision and the audit log record. */
export type Reviewer = { actor: string; role: Role };

export type DecideInput = {
  hitId: string;
  /** The version (ETag) of the hit the decision was made on, as an If-Match header gives it. */
  ifMatch: string | string[] | undefined;
  decision: Decision;
  by: Reviewer;
  audit: ReviewAudit;
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
    const [revisions, document, earlier, latest] = await Promise.all([
      this.#store.listReviewRevisions(hit.id),
      this.#store.getDocument(hit.sha256),
      hit.reopened ? this.#store.listReviewRevisionsOfKey(hit.reopened.from) : [],
      this.#store.getLatestAnalysis(hit.sha256),
    ]);
    if (!document) throw notFound('document');
    const withdrawn =
      revisions.length > 0 && latest !== undefined && latest.glossaryVersion !== hit.glossaryVersion && !(await this.#inLatest(hit));
    return { hit, revisions, earlier, withdrawn, state: reviewStateOf(revisions), document, entry: this.#glossary.entry(hit.entryId) };
  }

  /** Whether the document's latest analysis still has this hit (under any glossary version's id). */
  async #inLatest(hit: StoredHit): Promise<boolean> {
    const latestHits = await this.#store.listHits(hit.sha256);
    return latestHits.some((h) => h.reviewKey === hit.reviewKey);
  }

  async decide(input: DecideInput): Promise<Decided> {
    const { decision, audit } = input;
    checkMayDecide(input.by.role);
    const hit = await this.#store.getHit(input.hitId);
    if (!hit) throw notFound('hit');
    const current = reviewStateOf(await this.#store.listReviewRevisions(hit.id)).revision;
    try {
      checkIfMatch(input.ifMatch, hitEtag(hit.id, current));
    } catch (error) {
      if (error instanceof ReviewRefusal) await audit('review.refused', hit.id, { code: error.code, revision: current });
      throw error;
    }
    const corrected =
      decision.decision === 'correct' && decision.correction
        ? await resolveCorrection({ store: this.#store, entry: (id) => this.#glossary.entry(id) }, hit, decision.correction)
        : null;
    let record: ReviewRevisionRecord;
    try {
      record = await this.#store.appendReviewRevision({
        hitId: hit.id,
        revision: current + 1,
        decision: decision.decision,
        corrected,
        note: noteOf(decision),
        author: input.by.actor,
      });
    } catch (error) {
      if (!(error instanceof RevisionConflictError)) throw error;
      await audit('review.refused', hit.id, { code: 'HIT_CHANGED', revision: current + 1 });
      throw new ReviewRefusal('changed', 'HIT_CHANGED', 'someone decided on this hit at the same moment; reload it and decide again');
    }
    await audit(`review.${decision.decision}`, hit.id, {
      revision: record.revision,
      sha256: hit.sha256,
      entryId: hit.entryId,
      ...(corrected ? { corrected } : {}),
    });
    return { hit, revision: record, state: reviewStateOf([record]) };
  }
}
