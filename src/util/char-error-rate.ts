/**
 * Character error rate: edit distance between recognised and true text, divided by the length
 * of the truth, counted in code points (a character outside the BMP is one character, as in
 * every offset termlens reports).
 */

/** Levenshtein distance over code points, in O(min(n, m)) memory. */
export function editDistance(a: string, b: string): number {
  let long = Array.from(a);
  let short = Array.from(b);
  if (short.length > long.length) [long, short] = [short, long];
  if (short.length === 0) return long.length;

  let previous = new Uint32Array(short.length + 1);
  let current = new Uint32Array(short.length + 1);
  for (let j = 0; j <= short.length; j++) previous[j] = j;
  for (let i = 1; i <= long.length; i++) {
    current[0] = i;
    const ch = long[i - 1];
    for (let j = 1; j <= short.length; j++) {
      const substitution = previous[j - 1]! + (short[j - 1] === ch ? 0 : 1);
      current[j] = Math.min(substitution, previous[j]! + 1, current[j - 1]! + 1);
    }
    [previous, current] = [current, previous];
  }
  return previous[short.length]!;
}

export type CerOptions = {
  /**
   * Drop all whitespace before comparing (default true): line breaks depend on where OCR and
   * the page wrapped, and Chinese has no spaces to get right, so neither should count as errors.
   */
  ignoreWhitespace?: boolean;
};

function normalise(text: string, options: CerOptions): string {
  return (options.ignoreWhitespace ?? true) ? text.replace(/\s+/gu, '') : text;
}

/** Edit distance / truth length; 0 when both are empty, 1 per spurious character when truth is empty. */
export function charErrorRate(recognised: string, truth: string, options: CerOptions = {}): number {
  const hyp = normalise(recognised, options);
  const ref = normalise(truth, options);
  const distance = editDistance(hyp, ref);
  const length = Array.from(ref).length;
  if (length === 0) return distance === 0 ? 0 : distance;
  return distance / length;
}
