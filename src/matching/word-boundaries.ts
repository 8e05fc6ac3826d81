import type { Segment } from '../segmentation/segmenter.ts';

/**
 * Whether a match agrees with the segmentation: it may lie inside one word (南通 in 南通市)
 * or cover whole words, but it must not cut a word in two. 聘请 in 本次招聘请于 is cut as
 * 招聘|请于 and is no hit.
 */
export class WordBoundaries {
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;

  constructor(segments: readonly Segment[]) {
    this.starts = Int32Array.from(segments.map((s) => s.start));
    this.ends = Int32Array.from(segments.map((s) => s.end));
  }

  respects(start: number, end: number): boolean {
    const first = this.segmentAt(start);
    const last = this.segmentAt(end - 1);
    if (first < 0 || last < 0) return true;
    if (first === last) return true;
    return this.starts[first] === start && this.ends[last] === end;
  }

  /** Whether the character at `at` is a word of its own (the segmenter found no word to put it in). */
  isLoneCharacter(at: number): boolean {
    const i = this.segmentAt(at);
    return i >= 0 && this.ends[i]! - this.starts[i]! === 1;
  }

  /** Index of the segment holding code point `at`, by binary search over segment starts. */
  private segmentAt(at: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid]! <= at) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found >= 0 && at < this.ends[found]! ? found : -1;
  }
}
