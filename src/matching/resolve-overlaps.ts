import type { MatchList } from './match-list.ts';

/**
 * Chooses which candidates become hits: the longest wins where candidates overlap
 * (警侨联动服务中心 over 警侨联动), then the earliest, then the first listed. `taken` marks
 * view positions already used (by exact hits, when resolving fuzzy ones) and is updated.
 * Returns the chosen candidate indices in text order. Linear in the candidates and the text
 * they cover: a counting sort by length instead of a comparison sort.
 */
export function resolveOverlaps(list: MatchList, taken: Uint8Array, accept: (i: number) => boolean = () => true): number[] {
  const { count, start, end } = list;
  let longest = 0;
  for (let i = 0; i < count; i++) longest = Math.max(longest, end[i]! - start[i]!);
  const perLength = new Int32Array(longest + 2);
  for (let i = 0; i < count; i++) perLength[end[i]! - start[i]!]!++;
  // Positions in the longest-first order, lengths descending.
  const slot = new Int32Array(longest + 2);
  for (let len = longest, at = 0; len >= 0; len--) {
    slot[len] = at;
    at += perLength[len]!;
  }
  const order = new Int32Array(count);
  for (let i = 0; i < count; i++) order[slot[end[i]! - start[i]!]!++] = i;
  // Within one length, candidates keep list order; sorting by start keeps "earliest wins" for fuzzy lists.
  const chosen: number[] = [];
  for (let k = 0; k < count; k++) {
    const i = order[k]!;
    if (isTaken(taken, start[i]!, end[i]!) || !accept(i)) continue;
    taken.fill(1, start[i]!, end[i]!);
    chosen.push(i);
  }
  return chosen.sort((a, b) => start[a]! - start[b]!);
}

export function isTaken(taken: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (taken[i]) return true;
  return false;
}
