import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAnalysisJob } from '../../src/queue/analysis-job.ts';
import { DecisionSchema } from '../../src/review/decision.ts';
import { GlossaryService } from '../../src/review/glossary-service.ts';
import { checkIfMatch, hitEtag } from '../../src/review/hit-version.ts';
import { ReviewRefusal } from '../../src/review/review-refusal.ts';
import { ReviewService, type ReviewAudit } from '../../src/review/review-service.ts';
import { reviewStateOf } from '../../src/review/review-state.ts';
import { mayDecide } from '../../src/review/who-may-decide.ts';
import { openSqliteStore } from '../../src/store/open-store.ts';
import type { ReviewRevisionRecord, Store } from '../../src/store/store.ts';
import { ocrOf } from '../api/helpers/seed-documents.ts';
import { SHIPPED_GLOSSARY } from './helpers/temp-glossary.ts';

const TEXT = '青田县公安局在海外设立警侨驿站，聘请侨领担任海外联络员。';
const SHA256 = 'a'.repeat(64);

/** The audit records a call made, as the callback received them. */
function recorder(): { audit: ReviewAudit; actions: string[]; entries: { action: string; subject: string; details: Record<string, unknown> }[] } {
  const entries: { action: string; subject: string; details: Record<string, unknown> }[] = [];
  return {
    entries,
    get actions() {
      return entries.map((e) => e.action);
    },
    audit: async (action, subject, details) => {
      entries.push({ action, subject, details });
    },
  };
}

const refusal = async (promise: Promise<unknown>): Promise<ReviewRefusal> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ReviewRefusal);
  return error as ReviewRefusal;
};

const REVIEWER = { actor: 'test reviewer', role: 'reviewer' as const };

describe('review rules without HTTP', () => {
  it('a version is the hit id and its latest revision; If-Match must name the current one', () => {
    const current = hitEtag('hit1', 2);
    expect(current).toBe('"hit1.r2"');
    const reasonOf = (header: string | string[] | undefined) => {
      try {
        checkIfMatch(header, current);
        return 'ok';
      } catch (error) {
        return error instanceof ReviewRefusal ? `${error.reason} ${error.code}` : String(error);
      }
    };
    expect(reasonOf(undefined)).toBe('version-required PRECONDITION_REQUIRED');
    expect(reasonOf('  ')).toBe('version-required PRECONDITION_REQUIRED');
    expect(reasonOf('*')).toBe('version-required PRECONDITION_REQUIRED');
    expect(reasonOf('"hit1.r1"')).toBe('changed HIT_CHANGED');
    expect(reasonOf(hitEtag('hit2', 2))).toBe('changed HIT_CHANGED');
    expect(reasonOf(current)).toBe('ok');
    expect(reasonOf(`W/${current}`)).toBe('ok');
    expect(reasonOf(['"hit1.r1"', current])).toBe('ok');
  });

  it('a hit is pending until decided; its latest decision gives its status', () => {
    const revision = (n: number, decision: ReviewRevisionRecord['decision']): ReviewRevisionRecord => ({
      hitId: 'h',
      revision: n,
      decision,
      corrected: null,
      note: null,
      author: 'a',
      bulkId: null,
      createdAt: '2026-01-01T00:00:00.000Z',
    });
    expect(reviewStateOf([])).toEqual({ revision: 0, reviewStatus: 'pending' });
    expect(reviewStateOf([revision(1, 'confirm')])).toEqual({ revision: 1, reviewStatus: 'confirmed' });
    expect(reviewStateOf([revision(1, 'confirm'), revision(2, 'correct')])).toEqual({ revision: 2, reviewStatus: 'corrected' });
    expect(reviewStateOf([revision(1, 'correct'), revision(2, 'reject')])).toEqual({ revision: 2, reviewStatus: 'rejected' });
    // An undo back to before the first decision: pending again, at the revision that says so.
    expect(reviewStateOf([revision(1, 'confirm'), revision(2, 'reopen')])).toEqual({ revision: 2, reviewStatus: 'pending' });
  });

  it('reviewers and admins decide; uploaders do not', () => {
    expect(mayDecide('reviewer')).toBe(true);
    expect(mayDecide('admin')).toBe(true);
    expect(mayDecide('uploader')).toBe(false);
  });

  it('only a correct decision carries a correction, and it must say something', () => {
    expect(DecisionSchema.safeParse({ decision: 'confirm' }).success).toBe(true);
    expect(DecisionSchema.safeParse({ decision: 'confirm', correction: { reading: 'x' } }).success).toBe(false);
    expect(DecisionSchema.safeParse({ decision: 'correct' }).success).toBe(false);
    expect(DecisionSchema.safeParse({ decision: 'correct', correction: {} }).success).toBe(false);
    expect(DecisionSchema.safeParse({ decision: 'correct', correction: { start: 3 } }).success).toBe(false);
    expect(DecisionSchema.safeParse({ decision: 'correct', correction: { start: 3, end: 3 } }).success).toBe(false);
    expect(DecisionSchema.safeParse({ decision: 'correct', correction: { start: 3, end: 5 } }).success).toBe(true);
    expect(DecisionSchema.safeParse({ decision: 'confirm', note: 'bell\u0007' }).success).toBe(false);
  });
});

describe('ReviewService over a real store', () => {
  let dir: string;
  let store: Store;
  let review: ReviewService;
  let hitIds: string[];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'termlens-review-'));
    store = await openSqliteStore(path.join(dir, 'termlens.sqlite'));
    const glossary = await GlossaryService.load(SHIPPED_GLOSSARY);
    review = new ReviewService({ store, glossary });
    const ocr = ocrOf(TEXT);
    await store.putDocument({ sha256: SHA256, mediaType: 'image/png', bytes: 100, width: ocr.width, height: ocr.height, firstPath: 'seed.png' });
    await store.saveOcrResult(SHA256, ocr);
    await runAnalysisJob({ kind: 'analysis', sha256: SHA256, reason: 'pipeline' }, { store, context: async () => glossary.textContext() });
    hitIds = (await store.listHits(SHA256)).map((h) => h.id);
    expect(hitIds.length).toBeGreaterThanOrEqual(4);
  });
  afterAll(async () => {
    await store?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('shows a hit with its revisions, document, entry and state', async () => {
    const detail = await review.hitDetail(hitIds[0]!);
    expect(detail.state).toEqual({ revision: 0, reviewStatus: 'pending' });
    expect(detail.document.sha256).toBe(SHA256);
    expect(detail.entry?.id).toBe(detail.hit.entryId);
    expect((await refusal(review.hitDetail('no-such-hit'))).message).toBe('hit not found');
  });

  it('appends a decision on the current version and audits it; a stale version is refused and audited', async () => {
    const hitId = hitIds[0]!;
    const trail = recorder();
    const decided = await review.decide({ hitId, ifMatch: hitEtag(hitId, 0), decision: { decision: 'confirm', note: '  ' }, by: REVIEWER, auditTo: () => trail.audit });
    expect(decided.state).toEqual({ revision: 1, reviewStatus: 'confirmed' });
    expect(decided.revision).toMatchObject({ revision: 1, decision: 'confirm', note: null, author: 'test reviewer', corrected: null });
    expect(trail.entries).toEqual([{ action: 'review.confirm', subject: hitId, details: { revision: 1, sha256: SHA256, entryId: decided.hit.entryId } }]);

    const stale = await refusal(review.decide({ hitId, ifMatch: hitEtag(hitId, 0), decision: { decision: 'reject' }, by: REVIEWER, auditTo: () => trail.audit }));
    expect(stale).toMatchObject({ reason: 'changed', code: 'HIT_CHANGED', details: { etag: hitEtag(hitId, 1) } });
    const blind = await refusal(review.decide({ hitId, ifMatch: undefined, decision: { decision: 'reject' }, by: REVIEWER, auditTo: () => trail.audit }));
    expect(blind).toMatchObject({ reason: 'version-required', code: 'PRECONDITION_REQUIRED' });
    expect(trail.entries.slice(1)).toEqual([
      { action: 'review.refused', subject: hitId, details: { code: 'HIT_CHANGED', revision: 1 } },
      { action: 'review.refused', subject: hitId, details: { code: 'PRECONDITION_REQUIRED', revision: 1 } },
    ]);
    expect((await review.hitDetail(hitId)).state).toEqual({ revision: 1, reviewStatus: 'confirmed' });
  });

  it('lets exactly one of two decisions on the same version win', async () => {
    const hitId = hitIds[1]!;
    const trail = recorder();
    const decide = (decision: 'confirm' | 'reject') =>
      review.decide({ hitId, ifMatch: hitEtag(hitId, 0), decision: { decision }, by: REVIEWER, auditTo: () => trail.audit });
    const results = await Promise.allSettled([decide('confirm'), decide('reject')]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(lost.reason).toBeInstanceOf(ReviewRefusal);
    expect(lost.reason).toMatchObject({ reason: 'changed', code: 'HIT_CHANGED' });
    expect((await store.listReviewRevisions(hitId)).map((r) => r.revision)).toEqual([1]);
    expect(trail.actions.sort()).toEqual(expect.arrayContaining(['review.refused']));
  });

  it('resolves a correction against the glossary and the text, and refuses one that points at nothing', async () => {
    const hitId = hitIds[2]!;
    const trail = recorder();
    const correct = (correction: Record<string, unknown>) =>
      review.decide({ hitId, ifMatch: hitEtag(hitId, 0), decision: DecisionSchema.parse({ decision: 'correct', correction }), by: REVIEWER, auditTo: () => trail.audit });

    const unknown = await refusal(correct({ entryId: 'no-such-entry' }));
    expect(unknown).toMatchObject({ reason: 'bad-correction', code: 'UNKNOWN_ENTRY', message: 'the glossary has no entry "no-such-entry"' });
    const outside = await refusal(correct({ start: 0, end: 1000 }));
    expect(outside).toMatchObject({ reason: 'bad-correction', code: 'SPAN_OUT_OF_TEXT', message: `the text has ${[...TEXT].length} characters; the span ends at 1000` });
    expect(trail.entries).toEqual([]);
    expect(await store.listReviewRevisions(hitId)).toEqual([]);

    const decided = await correct({ entryId: 'pinqing', start: 16, end: 18, reading: '聘请' });
    expect(decided.state).toEqual({ revision: 1, reviewStatus: 'corrected' });
    expect(decided.revision.corrected).toMatchObject({
      entryId: 'pinqing',
      term: '聘请',
      start: 16,
      end: 18,
      matched: [...TEXT].slice(16, 18).join(''),
      bbox: { x: 10 + 16 * 20, y: 10, w: 38, h: 20 },
      reading: '聘请',
    });
    expect(trail.entries[0]?.details.corrected).toEqual(decided.revision.corrected);
  });

  it('refuses a decision by a role that may not decide, and by nobody on a hit that is not there', async () => {
    const hitId = hitIds[3]!;
    const trail = recorder();
    const forbidden = await refusal(
      review.decide({ hitId, ifMatch: hitEtag(hitId, 0), decision: { decision: 'confirm' }, by: { actor: 'up', role: 'uploader' }, auditTo: () => trail.audit }),
    );
    expect(forbidden).toMatchObject({ reason: 'forbidden', code: 'FORBIDDEN' });
    const missing = await refusal(review.decide({ hitId: 'no-such-hit', ifMatch: '"x"', decision: { decision: 'confirm' }, by: REVIEWER, auditTo: () => trail.audit }));
    expect(missing).toMatchObject({ reason: 'not-found', code: 'NOT_FOUND', message: 'hit not found' });
    expect(trail.entries).toEqual([]);
    expect(await store.listReviewRevisions(hitId)).toEqual([]);
  });
  it('stores a decision and its audit line together, or neither', async () => {
    const hitId = hitIds[3]!;
    const failing = review.decide({
      hitId,
      ifMatch: hitEtag(hitId, 0),
      decision: { decision: 'confirm' },
      by: REVIEWER,
      auditTo: () => async () => {
        throw new Error('audit log unwritable');
      },
    });
    await expect(failing).rejects.toThrow('audit log unwritable');
    expect(await store.listReviewRevisions(hitId)).toEqual([]);

    const decided = await review.decide({
      hitId,
      ifMatch: hitEtag(hitId, 0),
      decision: { decision: 'reject' },
      by: REVIEWER,
      auditTo: (on) => async (action, subject, details) => {
        await on.appendAudit({ actor: REVIEWER.actor, action, subject, details });
      },
    });
    expect(decided.state).toEqual({ revision: 1, reviewStatus: 'rejected' });
    expect((await store.listAudit({ subject: hitId })).map((e) => [e.action, e.details.revision])).toEqual([['review.reject', 1]]);
  });
});
