import type { HitKind } from '../domain/hit.ts';
import type { MatchCandidate } from './glossary-matcher.ts';

const KIND_RANK: Record<HitKind, number> = { exact: 0, variant: 1, fuzzy: 2 };

/**
 * Keeps one candidate per stretch of text: the longest wins (警侨联动服务中心 over 警侨联动),
 * then the earliest, then exact over variant over fuzzy. Returned in text order.
 */
export function resolveOverlaps(candidates: readonly MatchCandidate[]): MatchCandidate[] {
  const ranked = [...candidates].sort(
    (a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start || KIND_RANK[a.kind] - KIND_RANK[b.kind],
  );
  // An occupancy map keeps this linear in the text covered: documents of a whole leak can be long.
  const taken = new Uint8Array(ranked.reduce((max, c) => Math.max(max, c.end), 0));
  const chosen: MatchCandidate[] = [];
  for (const candidate of ranked) {
    if (isTaken(taken, candidate.start, candidate.end)) continue;
    taken.fill(1, candidate.start, candidate.end);
    chosen.push(candidate);
  }
  return chosen.sort((a, b) => a.start - b.start);
}

export function isTaken(taken: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (taken[i]) return true;
  return false;
}
