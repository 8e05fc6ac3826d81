import { indexTokens } from './search-text.ts';

/**
 * PostgreSQL's search keys (migration 0011): the int4 array a GIN index holds per document.
 * One key per distinct character (its code point, below 0x110000) and one per distinct pair of
 * neighbouring characters (hashed into 0x110000 … 2^31 - 1), over the letters and digits of the
 * folded view run together, as `indexTokens` picks them. A query of two characters or more asks
 * for its pairs, one character for itself, with `@>`.
 *
 * Why pairs: one key per character proposes every page that holds all the query's characters,
 * nearly all pages for a rare phrase of common ones (0.9–1.1 s at 100,000 pages, bench/README).
 * Why hashed int4: a pair of code points needs 42 bits; four bytes a key keep the column and
 * the index small, and a collision only proposes a page that the exact check then drops.
 */
export function documentSearchKeys(viewChars: string): number[] {
  const points = tokenPoints(viewChars);
  const keys = new Set<number>();
  for (let i = 0; i < points.length; i++) {
    keys.add(points[i]!);
    if (i + 1 < points.length) keys.add(pairKey(points[i]!, points[i + 1]!));
  }
  return [...keys].sort((a, b) => a - b);
}

/** The keys a page must hold to contain `patternChars` (a fold); empty when it has no letters or digits. */
export function querySearchKeys(patternChars: string): number[] {
  const points = tokenPoints(patternChars);
  if (points.length === 1) return points;
  const keys = new Set<number>();
  for (let i = 0; i + 1 < points.length; i++) keys.add(pairKey(points[i]!, points[i + 1]!));
  return [...keys].sort((a, b) => a - b);
}

const CODE_POINTS = 0x110000;
const PAIR_BUCKETS = 2 ** 31 - 1 - CODE_POINTS;

function pairKey(first: number, second: number): number {
  // first * 0x110000 + second < 2^42, exact in a double.
  return CODE_POINTS + ((first * CODE_POINTS + second) % PAIR_BUCKETS);
}

function tokenPoints(chars: string): number[] {
  return [...indexTokens(chars).replaceAll(' ', '')].map((c) => c.codePointAt(0)!);
}
