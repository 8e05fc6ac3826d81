import type { Box } from '../domain/geometry.ts';
import { InputError } from '../errors.ts';
import { confusablePartners } from '../matching/confusables.ts';
import { FUZZY_MIN_LENGTH } from '../matching/glossary-matcher.ts';
import type { SearchCursor, SearchPattern } from '../store/repositories/search.ts';
import { searchViewOf } from '../store/search/search-text.ts';
import type { OcrText, Store } from '../store/store.ts';
import { locateSpan } from '../stages/locate-hits.ts';

export const SEARCH_QUERY_MAX_CHARS = 200;
export const SEARCH_SCRIPTS = ['simplified', 'traditional', 'mixed'] as const;
export type SearchScript = (typeof SEARCH_SCRIPTS)[number];
const SNIPPET_CHARS = 20;
const DEFAULT_LIMIT = 50;
export const SEARCH_LIMIT_MAX = 1000;

export type SearchRequest = {
  query: string;
  batchId?: string | undefined;
  script?: SearchScript | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
  fuzzy?: boolean | undefined;
};

/** One occurrence, in the `search --format jsonl` shape (offsets are code points of `text`). */
export type SearchResult = {
  sha256: string;
  path: string;
  batch?: string;
  start: number;
  end: number;
  /** The text as it stands in the document: traditional stays traditional. */
  matched: string;
  /** The match with context either side, marked 【like this】, line breaks as ⏎. */
  snippet: string;
  /** Whether the match differs from the query by one confusable character (--fuzzy). */
  fuzzy: boolean;
  bbox?: Box;
  boxes?: Box[];
};

export type SearchResponse = { results: SearchResult[]; nextCursor?: string };

/**
 * The patterns a query stands for: its fold as the tagger folds text (so 公安機關 finds 公安机关
 * and 普 拉 托 finds 普拉托), and with `fuzzy`, for queries of 4+ characters, every variant with
 * one character replaced by a confusable partner (the matcher's pairs). The query is text,
 * never syntax: nothing in it is interpreted.
 */
export function searchPatterns(query: string, fuzzy = false): SearchPattern[] {
  const trimmed = query.trim();
  const length = [...query].length;
  if (trimmed === '') throw new InputError('SEARCH_QUERY_EMPTY', 'the search query is empty');
  if (length > SEARCH_QUERY_MAX_CHARS) {
    throw new InputError('SEARCH_QUERY_TOO_LONG', `the search query has ${length} characters; at most ${SEARCH_QUERY_MAX_CHARS} are allowed`);
  }
  const fold = searchViewOf(trimmed).chars;
  const patterns: SearchPattern[] = [{ fold, fuzzy: false }];
  const chars = [...fold];
  if (!fuzzy || chars.length < FUZZY_MIN_LENGTH) return patterns;
  const seen = new Set([fold]);
  chars.forEach((ch, i) => {
    for (const partner of confusablePartners(ch)) {
      const variant = [...chars.slice(0, i), partner, ...chars.slice(i + 1)].join('');
      if (!seen.has(variant)) patterns.push({ fold: variant, fuzzy: true });
      seen.add(variant);
    }
  });
  return patterns;
}

/** Search over the stored documents, one page of occurrences, with boxes on the image where OCR gave them. */
export async function searchCorpus(store: Store, request: SearchRequest): Promise<SearchResponse> {
  const patterns = searchPatterns(request.query, request.fuzzy);
  const limit = request.limit ?? DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > SEARCH_LIMIT_MAX) {
    throw new InputError('SEARCH_LIMIT_INVALID', `the limit must be a whole number from 1 to ${SEARCH_LIMIT_MAX}`);
  }
  const after = request.cursor === undefined ? undefined : decodeSearchCursor(request.cursor);
  const page = await store.search.search(patterns, { batchId: request.batchId, script: request.script }, { limit, after });
  const ocr = new Map<string, Promise<OcrText | undefined>>();
  const results: SearchResult[] = [];
  for (const found of page.results) {
    if (!ocr.has(found.sha256)) ocr.set(found.sha256, store.getOcrText(found.sha256));
    const boxes = (await ocr.get(found.sha256))?.boxes;
    const chars = [...found.text];
    const result: SearchResult = {
      sha256: found.sha256,
      path: found.firstPath,
      ...(found.batch !== null ? { batch: found.batch } : {}),
      start: found.start,
      end: found.end,
      matched: found.matched,
      snippet: snippet(chars, found),
      fuzzy: found.fuzzy,
    };
    const place = boxes && locateSpan(found, chars, boxes);
    results.push(place ? { ...result, ...place } : result);
  }
  return { results, ...(page.next ? { nextCursor: encodeSearchCursor(page.next) } : {}) };
}

function snippet(chars: readonly string[], span: { start: number; end: number }): string {
  const before = chars.slice(Math.max(0, span.start - SNIPPET_CHARS), span.start).join('');
  const found = chars.slice(span.start, span.end).join('');
  const after = chars.slice(span.end, span.end + SNIPPET_CHARS).join('');
  return `${before}【${found}】${after}`.replace(/\r?\n/g, '⏎');
}

/** Cursors are opaque to clients: base64url of "id.start". */
export function encodeSearchCursor(cursor: SearchCursor): string {
  return Buffer.from(`${cursor.id}.${cursor.start}`).toString('base64url');
}

export function decodeSearchCursor(text: string): SearchCursor {
  const match = /^(\d{1,15})\.(\d{1,15})$/.exec(Buffer.from(text, 'base64url').toString('utf8'));
  if (!match) throw new InputError('SEARCH_CURSOR_INVALID', 'the cursor is not one this search returned');
  return { id: Number(match[1]), start: Number(match[2]) };
}
