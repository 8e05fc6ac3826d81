import { ensureCapacity32 } from '../util/utf16.ts';

/**
 * Match candidates as parallel typed arrays: a page of a leak can hold hundreds of thousands of
 * candidates, and one object per candidate is what made matching slow (allocation and GC).
 * Offsets are match-view code units; `differing` is the position of the one misread character
 * for fuzzy candidates, -1 otherwise.
 */
export class MatchList {
  count = 0;
  start = new Int32Array(64);
  end = new Int32Array(64);
  form = new Int32Array(64);
  differing = new Int32Array(64);

  push(start: number, end: number, form: number, differing = -1): void {
    if (this.count === this.start.length) {
      const size = this.count * 2;
      this.start = ensureCapacity32(this.start, size);
      this.end = ensureCapacity32(this.end, size);
      this.form = ensureCapacity32(this.form, size);
      this.differing = ensureCapacity32(this.differing, size);
    }
    const i = this.count++;
    this.start[i] = start;
    this.end[i] = end;
    this.form[i] = form;
    this.differing[i] = differing;
  }

  /** The same candidates ordered by start (stable), for lists not produced in text order. */
  sortedByStart(): MatchList {
    const order = Array.from({ length: this.count }, (_, i) => i).sort((a, b) => this.start[a]! - this.start[b]!);
    const sorted = new MatchList();
    for (const i of order) sorted.push(this.start[i]!, this.end[i]!, this.form[i]!, this.differing[i]!);
    return sorted;
  }
}
