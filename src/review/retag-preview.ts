import { findReplacements } from '../domain/replaced-hits.ts';
import { reviewKey } from '../domain/review-key.ts';
import { analyseOcr } from '../pipeline/analyse-ocr.ts';
import type { TextContext } from '../pipeline/text-context.ts';
import { decides } from '../store/repositories/hit-queue.ts';
import type { Store } from '../store/store.ts';

/** What a re-tag with a glossary would do to the review, counted before it runs. */
export type RetagPreview = {
  glossaryVersion: string;
  /** Documents that would be tagged again (those with stored OCR text). */
  documents: number;
  /** Decided hits the new glossary finds unchanged: their decisions stay. */
  kept: number;
  /** Decided hits replaced by a changed hit at their place: pending again, with the reason. */
  reopened: number;
  /** Decided hits the new glossary no longer finds: listed as withdrawn, decisions kept. */
  withdrawn: number;
  /** Hits the new glossary finds where there was none: pending. */
  added: number;
};

/**
 * Tags each document's stored OCR text with the new glossary in memory (no OCR, nothing
 * written) and compares the hits with its latest analysis, by review key, as the analysis save
 * will: the same review key keeps the decision, findReplacements says which changed hits
 * replace a decided one. `progress` is told after each document (the page shows it).
 */
export async function previewRetag(
  store: Store,
  sha256s: readonly string[],
  ctx: TextContext,
  progress: (done: number) => void = () => {},
): Promise<RetagPreview> {
  const preview: RetagPreview = { glossaryVersion: ctx.glossary.version, documents: 0, kept: 0, reopened: 0, withdrawn: 0, added: 0 };
  for (const [i, sha256] of sha256s.entries()) {
    const [ocr, document, current] = await Promise.all([store.getOcrText(sha256), store.getDocument(sha256), store.listHits(sha256)]);
    if (!ocr || !document) continue;
    preview.documents += 1;
    const decisions = current.length > 0 ? await store.latestReviewRevisions(current.map((h) => h.id)) : new Map();
    const decidedBefore = current.filter((h) => decides(decisions.get(h.id)?.decision)).map((h) => ({ key: h.reviewKey, hit: h }));
    const decidedKeys = new Set(decidedBefore.map((d) => d.key));
    const currentKeys = new Set(current.map((h) => h.reviewKey));
    const after = analyseOcr(ocr, { sha256, mediaType: document.mediaType }, ctx).hits.map((hit) => {
      const key = reviewKey(sha256, hit);
      return { key, hit, decided: decidedKeys.has(key) };
    });
    const afterKeys = new Set(after.map((a) => a.key));
    const replaced = findReplacements(decidedBefore, after);
    const kept = decidedBefore.filter((d) => afterKeys.has(d.key)).length;
    preview.kept += kept;
    preview.reopened += replaced.size;
    preview.withdrawn += decidedBefore.length - kept - replaced.size;
    preview.added += after.filter((a, n) => !currentKeys.has(a.key) && !replaced.has(n)).length;
    progress(i + 1);
  }
  return preview;
}
