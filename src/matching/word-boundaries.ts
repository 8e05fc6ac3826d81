import type { Segment } from '../segmentation/segmenter.ts';

/**
 * Characters that may be glued to a term inside one word without changing what it names:
 * administrative levels (县公安局, 南通市), posts (统战部长), people and membership (侨领们).
 * A term inside a word with anything else is part of a different word: 猎狐犬 is a dog breed,
 * 天网恢恢 an idiom.
 */
const NAME_AFFIXES = new Set([...'省市县区镇乡村州盟旗街道长副原前们籍网']);

/** jieba tags for proper names: places, organisations, other names, people. */
const PROPER_NAME_TAGS = new Set(['ns', 'nt', 'nz', 'nr', 'nrt', 'nrfg']);

/**
 * Whether a match agrees with the segmentation. It may cover whole words, or lie inside one
 * word that is a proper name or only adds an affix (南通 in 南通市, 公安局 in 县公安局), but
 * it must not cut a word in two: 聘请 in 本次招聘请于 is cut as 招聘|请于 and is no hit.
 */
export class WordBoundaries {
  private readonly segments: readonly Segment[];
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;

  constructor(segments: readonly Segment[]) {
    this.segments = segments;
    this.starts = Int32Array.from(segments.map((s) => s.start));
    this.ends = Int32Array.from(segments.map((s) => s.end));
  }

  respects(start: number, end: number): boolean {
    const first = this.segmentAt(start);
    const last = this.segmentAt(end - 1);
    if (first < 0 || last < 0) return true;
    if (first === last) return this.mayContain(this.segments[first]!, start, end);
    return this.starts[first] === start && this.ends[last] === end;
  }

  /** Whether the character at `at` is a word of its own (the segmenter found no word to put it in). */
  isLoneCharacter(at: number): boolean {
    const i = this.segmentAt(at);
    return i >= 0 && this.ends[i]! - this.starts[i]! === 1;
  }

  private mayContain(word: Segment, start: number, end: number): boolean {
    if (word.start === start && word.end === end) return true;
    if (PROPER_NAME_TAGS.has(word.pos)) return true;
    const chars = [...word.word];
    const rest = [...chars.slice(0, start - word.start), ...chars.slice(end - word.start)];
    return rest.every((ch) => NAME_AFFIXES.has(ch));
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
