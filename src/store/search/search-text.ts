import { buildMatchView, type MatchView } from '../../matching/match-view.ts';
import { analyseScript } from '../../stages/script.ts';

/**
 * The text as search sees it is the text as the tagger sees it: the same two steps
 * analyseText runs (script fold to simplified, then the match view that drops the spaces OCR
 * puts between Han characters and the line breaks inside a word), not a second definition.
 * The view's `toText` is the offset map back to code points of the original text.
 */
export function searchViewOf(text: string): MatchView {
  return buildMatchView(analyseScript(text));
}

/** Letters and digits of any script: what the full-text index holds, one token per character. */
const TOKEN_CHAR = /[\p{L}\p{N}]/u;

/**
 * One token per character, separated by spaces: Chinese has no spaces, and a character index
 * answers 1- and 2-character queries as well as long ones (README, "Search"). Punctuation and
 * symbols are left out on both sides (the index and the query), so the index only proposes
 * candidates; every occurrence is then checked on the view itself (findOccurrences).
 */
export function indexTokens(viewChars: string): string {
  const out: string[] = [];
  for (const ch of viewChars) if (TOKEN_CHAR.test(ch)) out.push(ch);
  return out.join(' ');
}

/**
 * The pairs of neighbouring tokens of `indexTokens`' output, one token each ("海 外 联" gives
 * "海外 外联"): SQLite's second FTS5 index (migration 0013, search_pairs). A phrase of pairs reads
 * the short lists of pages that hold each pair, where a phrase of characters reads the long ones
 * of each character (an 8-character query 12.9 → 1.3 ms at p50 at 100,000 pages, bench/README).
 * unicode61 keeps a run of letters as one token, so a pair stays one token.
 */
export function indexPairs(tokens: string): string {
  const chars = tokens === '' ? [] : tokens.split(' ');
  const pairs: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) pairs.push(chars[i]! + chars[i + 1]!);
  return pairs.join(' ');
}

/** An FTS5 phrase of the tokens: quoted, inner quotes doubled, so no query syntax survives. */
export function fts5Phrase(tokens: string): string {
  return `"${tokens.replaceAll('"', '""')}"`;
}

/** A LIKE pattern for text containing `literal` anywhere, with %, _ and \ escaped (ESCAPE '\'). */
export function likeContaining(literal: string): string {
  return `%${literal.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
