import type { MatchView } from '../../matching/match-view.ts';

/** A pattern searched for in the view: the query's own fold, or a fuzzy variant of it. */
export type SearchPattern = { fold: string; fuzzy: boolean };

export type Occurrence = { start: number; end: number; matched: string; fuzzy: boolean };

/**
 * Every place in the view where one of the patterns stands, as code point spans of the
 * original text (as hits give theirs: start at the first character's, end after the last's).
 * Overlapping finds keep the earlier one, and an exact find beats a fuzzy one at the same place.
 */
export function findOccurrences(text: string, view: MatchView, patterns: readonly SearchPattern[]): Occurrence[] {
  const found: { at: number; length: number; fuzzy: boolean }[] = [];
  for (const pattern of patterns) {
    if (pattern.fold.length === 0) continue;
    for (let at = view.chars.indexOf(pattern.fold); at >= 0; at = view.chars.indexOf(pattern.fold, at + 1)) {
      found.push({ at, length: pattern.fold.length, fuzzy: pattern.fuzzy });
    }
  }
  found.sort((a, b) => a.at - b.at || Number(a.fuzzy) - Number(b.fuzzy));
  const chars = [...text];
  const out: Occurrence[] = [];
  let freeFrom = 0;
  for (const f of found) {
    if (f.at < freeFrom) continue;
    freeFrom = f.at + f.length;
    const start = view.toText[f.at]!;
    const end = view.toText[f.at + f.length - 1]! + 1;
    out.push({ start, end, matched: chars.slice(start, end).join(''), fuzzy: f.fuzzy });
  }
  return out;
}
