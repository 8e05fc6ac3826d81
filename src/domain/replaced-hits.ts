import { overlaps, reopenReason } from './reopen-reason.ts';
import type { ReviewedHit } from './review-key.ts';

export type KeyedHit = { key: string; hit: ReviewedHit };
export type Replacement = { from: string; reason: string };

/**
 * Which new hits replace a decided hit that a re-tag no longer finds: a new hit with no
 * decisions of its own that overlaps such a hit (each replaces one, first come first served,
 * in text order). Decided hits that nothing replaces are withdrawn. Shared by the analysis save
 * (which records the replacement) and the re-tag preview (which counts them before it runs).
 */
export function findReplacements(
  decidedBefore: readonly KeyedHit[],
  after: readonly (KeyedHit & { decided: boolean })[],
): Map<number, Replacement> {
  const afterKeys = new Set(after.map((a) => a.key));
  const gone = decidedBefore.filter((b) => !afterKeys.has(b.key));
  const taken = new Set<string>();
  const out = new Map<number, Replacement>();
  after.forEach((a, i) => {
    if (a.decided) return;
    const replaced = gone.find((b) => !taken.has(b.key) && overlaps(b.hit, a.hit));
    if (!replaced) return;
    taken.add(replaced.key);
    out.set(i, { from: replaced.key, reason: reopenReason(replaced.hit, a.hit) });
  });
  return out;
}
