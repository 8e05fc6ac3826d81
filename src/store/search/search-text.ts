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

/** An FTS5 phrase of the tokens: quoted, inner quotes doubled, so no query syntax survives. */
export function fts5Phrase(tokens: string): string {
  return `"${tokens.replaceAll('"', '""')}"`;
}

/** A LIKE pattern for text containing `literal` anywhere, with %, _ and \ escaped (ESCAPE '\'). */
export function likeContaining(literal: string): string {
  return `%${literal.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
