/**
 * Character alignment between recognised (OCR) text and the ground truth, by edit distance.
 *
 * OCR text and ground truth never share offsets: OCR drops, adds and misreads characters and
 * breaks lines elsewhere. The minimum-edit alignment pairs every recognised character with the
 * truth character it stands for (a match or a substitution) or with nothing (an insertion), so
 * a span in one text maps to a span in the other. Whitespace is left out of the alignment (it
 * is layout, not content) and maps to nothing.
 */
export type Alignment = {
  /** Per code point of the recognised text: the truth code point aligned with it, or -1. */
  toTruth: Int32Array;
  /** Per code point of the truth: the recognised code point aligned with it, or -1. */
  toRecognised: Int32Array;
  distance: number;
};

const SPACE = /\s/u;

function content(text: string): { chars: string[]; index: number[]; length: number } {
  const all = Array.from(text);
  const chars: string[] = [];
  const index: number[] = [];
  all.forEach((ch, i) => {
    if (SPACE.test(ch)) return;
    chars.push(ch);
    index.push(i);
  });
  return { chars, index, length: all.length };
}

export function alignTexts(recognised: string, truth: string): Alignment {
  const a = content(recognised);
  const b = content(truth);
  const n = a.chars.length;
  const m = b.chars.length;
  const width = m + 1;
  // Full table: sample texts are a few hundred characters, and the path is needed, not just the cost.
  const cost = new Uint32Array((n + 1) * width);
  for (let j = 0; j <= m; j++) cost[j] = j;
  for (let i = 1; i <= n; i++) {
    cost[i * width] = i;
    const ch = a.chars[i - 1];
    for (let j = 1; j <= m; j++) {
      const diagonal = cost[(i - 1) * width + j - 1]! + (b.chars[j - 1] === ch ? 0 : 1);
      const up = cost[(i - 1) * width + j]! + 1;
      const left = cost[i * width + j - 1]! + 1;
      cost[i * width + j] = Math.min(diagonal, up, left);
    }
  }

  const toTruth = new Int32Array(a.length).fill(-1);
  const toRecognised = new Int32Array(b.length).fill(-1);
  let i = n;
  let j = m;
  while (i > 0 || j > 0) {
    const here = cost[i * width + j]!;
    // Diagonal first: a substitution keeps a misread character paired with what it stands for.
    if (i > 0 && j > 0 && here === cost[(i - 1) * width + j - 1]! + (a.chars[i - 1] === b.chars[j - 1] ? 0 : 1)) {
      toTruth[a.index[i - 1]!] = b.index[j - 1]!;
      toRecognised[b.index[j - 1]!] = a.index[i - 1]!;
      i--;
      j--;
    } else if (i > 0 && here === cost[(i - 1) * width + j]! + 1) {
      i--;
    } else {
      j--;
    }
  }
  return { toTruth, toRecognised, distance: cost[n * width + m]! };
}

/**
 * The span [start, end) of one text carried over to the other: from the first to the last
 * aligned code point inside it. Null when nothing in it is aligned (all inserted, or all deleted).
 */
export function mapSpan(map: Int32Array, start: number, end: number): { start: number; end: number } | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (let k = Math.max(0, start); k < Math.min(end, map.length); k++) {
    const to = map[k]!;
    if (to < 0) continue;
    lo = Math.min(lo, to);
    hi = Math.max(hi, to);
  }
  return lo === Infinity ? null : { start: lo, end: hi + 1 };
}

export function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start < b.end && b.start < a.end;
}

/** Code point slice, as every offset in termlens counts code points. */
export function sliceCodePoints(text: string, start: number, end: number): string {
  return Array.from(text).slice(start, end).join('');
}
