import type { MatchList } from './match-list.ts';

/**
 * Where exact candidates lie relative to a longer span, answered for many spans at once: a
 * fuzzy candidate may only supersede the exact ones it holds whole (追逃 in 追逃追贼, read for
 * 追逃追赃), never one that reaches past either of its ends (a term read right that it would
 * cut in two).
 */
export class NestedExactMatches {
  /** Per view position: the furthest end of the exact candidates starting there (0: none). */
  readonly #maxEnd: Int32Array;
  #longest = 0;

  constructor(exact: MatchList, viewLength: number, accepted: (i: number) => boolean) {
    this.#maxEnd = new Int32Array(viewLength);
    for (let i = 0; i < exact.count; i++) {
      if (!accepted(i)) continue;
      const start = exact.start[i]!;
      const end = exact.end[i]!;
      this.#maxEnd[start] = Math.max(this.#maxEnd[start]!, end);
      this.#longest = Math.max(this.#longest, end - start);
    }
  }

  /** Whether [start, end) holds a shorter exact candidate whole and no exact candidate crosses its ends or covers it. */
  holdsOnlyNested(start: number, end: number): boolean {
    let holds = false;
    for (let p = Math.max(0, start - this.#longest + 1); p < end; p++) {
      const reach = this.#maxEnd[p]!;
      if (reach === 0) continue;
      // Reaching past an end, or standing on the same span (a term read right wins there).
      if (p < start ? reach > start : reach > end || (p === start && reach === end)) return false;
      // Starting inside and reaching no further than the end: held whole.
      if (p >= start) holds = true;
    }
    return holds;
  }
}
