import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../database-schema.ts';
import { findOccurrences, type Occurrence, type SearchPattern } from '../search/occurrences.ts';
import { isPostgres } from '../search/search-index-writer.ts';
import { querySearchKeys } from '../search/search-keys.ts';
import { hasPairKeys, keySignature, SIGNATURE_BITS } from '../search/key-signature.ts';
import { type KeyRange, KeyScan, type ScanPlan } from './postgres-key-scan.ts';
import { fts5Phrase, indexPairs, indexTokens, likeContaining, searchViewOf } from '../search/search-text.ts';

export type { SearchPattern } from '../search/occurrences.ts';

/** Where a page of results ends: the document's index id and the start of its last occurrence shown. */
export type SearchCursor = { id: number; start: number };

export type SearchFilters = {
  batchId?: string | undefined;
  script?: string | undefined;
};

export type SearchPage = {
  results: SearchOccurrence[];
  /** Where the next page starts; undefined on the last page. */
  next: SearchCursor | undefined;
};

export type SearchOccurrence = Occurrence & {
  /** The document's id in the search index: the key pages are ordered by. */
  id: number;
  sha256: string;
  firstPath: string;
  /** The batch the document is in (the filter's, or the first by name), when it is in one. */
  batch: string | null;
  /** The analysed text the offsets point into. */
  text: string;
};

/**
 * Candidates asked for at most at once. Each round after the first asks for four times as many
 * as the last: when most candidates hold the query's pairs but not the phrase (做侨 and 侨驿站
 * without 做侨驿站: 426 candidates, 6 matches at 100,000 pages), rounds of one page's worth
 * meant nine queries, each scanning the index again.
 */
const MAX_CANDIDATES = 2_000;

type CandidateRow = { id: number; sha256: string; text: string; first_path: string; batch: string | null };

/**
 * Search over the index of migrations 0007 and 0011. The index proposes candidate documents in
 * id order (SQLite: FTS5 phrase of one token per character; PostgreSQL: pages whose keys hold
 * every pair of the query's characters, or the character of a 1-character query; OR'd over the
 * patterns); each candidate's text is then folded with the tagger's own view and every
 * occurrence checked exactly, so the index never decides what counts as a match. A query
 * with no letters or digits (only punctuation) has no tokens; LIKE with its wildcards escaped
 * proposes the candidates instead.
 */
export class SearchRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async search(patterns: readonly SearchPattern[], filters: SearchFilters, page: { limit: number; after?: SearchCursor | undefined }): Promise<SearchPage> {
    const candidates = this.#candidates(patterns, filters);
    const results: SearchOccurrence[] = [];
    let batchSize = Math.max(page.limit + 1, 20);
    let fromId = page.after?.id ?? 0;
    for (;; batchSize = Math.min(batchSize * 4, MAX_CANDIDATES)) {
      const rows = await candidates(fromId, batchSize);
      for (const row of rows) {
        const view = searchViewOf(row.text);
        for (const occurrence of findOccurrences(row.text, view, patterns)) {
          if (page.after && row.id === page.after.id && occurrence.start <= page.after.start) continue;
          if (results.length === page.limit) {
            const last = results.at(-1);
            return { results, next: last && { id: last.id, start: last.start } };
          }
          results.push({ ...occurrence, id: row.id, sha256: row.sha256, firstPath: row.first_path, batch: row.batch, text: row.text });
        }
      }
      if (rows.length < batchSize) return { results, next: undefined };
      fromId = rows.at(-1)!.id + 1;
    }
  }

  /** The rounds of one search's candidates: up to `limit` rows from id `fromId` on, in id order. */
  #candidates(patterns: readonly SearchPattern[], filters: SearchFilters): (fromId: number, limit: number) => Promise<CandidateRow[]> {
    const tokens = [...new Set(patterns.map((p) => indexTokens(p.fold)))].filter((t) => t !== '');
    const postgres = isPostgres(this.#db);
    const keySets = postgres ? tokens.map(querySearchKeys) : [];
    const fromFts = tokens.length > 0 && !postgres;
    // SQLite: a phrase of pairs where the query has two characters or more (migration 0013),
    // else of its one character; the patterns are all as long as the query (fuzzy variants
    // substitute a character).
    const pairs = tokens.some((t) => t.includes(' '));
    const ftsTable = pairs ? sql`search_pairs` : sql`search_fts`;
    let match: RawBuilder<unknown>;
    if (tokens.length === 0) {
      // Only the exact query can be token-free (fuzzy variants differ by a Han character).
      match = sql`d.text like ${likeContaining(patterns[0]!.fold)} escape '\\'`;
    } else if (postgres) {
      match = sql`(${sql.join(
        keySets.map((keys) => sql`d.keys @> ${keys}::int4[]`),
        sql` or `,
      )})`;
    } else {
      match = sql`${ftsTable} match ${tokens.map((t) => fts5Phrase(pairs ? indexPairs(t) : t)).join(' OR ')}`;
    }
    // Driven from the FTS5 table, which yields rowids in order and stops at the limit.
    const from = fromFts ? sql`${ftsTable} f join search_documents d on d.id = f.rowid` : sql`search_documents d`;
    // In FTS5's own rowid order, so SQLite walks the matches in order and stops at the limit
    // instead of collecting every match and sorting them (300 ms for a common character at 20,000 pages).
    const order = fromFts ? sql`f.rowid` : sql`d.id`;
    const inBatch = filters.batchId
      ? sql`and exists (select 1 from batch_items bi where bi.batch_id = ${filters.batchId} and bi.sha256 = d.sha256)`
      : sql``;
    const script = filters.script ? sql`and d.script = ${filters.script}` : sql``;
    const batchName = filters.batchId
      ? sql`(select name from batches where id = ${filters.batchId})`
      : sql`(select min(b.name) from batch_items bi join batches b on b.id = bi.batch_id where bi.sha256 = d.sha256)`;
    // PostgreSQL: a page whose signature lacks a bit of every key set's cannot match, so a walk
    // reads the keys only of the pages whose signature passes (key-signature.ts). Only where
    // every set has pairs: an empty signature passes every page.
    const signatureMatch =
      postgres && keySets.length > 0 && keySets.every(hasPairKeys)
        ? sql`(${sql.join(
            keySets.map((keys) => {
              const bits = sql`${keySignature(keys)}::bit(${sql.lit(SIGNATURE_BITS)})`;
              return sql`(s.bits & ${bits}) = ${bits}`;
            }),
            sql` or `,
          )})`
        : undefined;
    // `plan` is KeyScan's (PostgreSQL keys); the other queries have none.
    const query = (range: KeyRange, rows: number, plan?: ScanPlan) => {
      const inRange = (id: RawBuilder<unknown>) => sql`${id} >= ${range.from} ${range.below === undefined ? sql`` : sql`and ${id} < ${range.below}`}`;
      // The FTS5 table is given the range on its own rowid, which it can seek to.
      const start = fromFts ? sql`f.rowid >= ${range.from} and ${inRange(sql`d.id`)}` : inRange(sql`d.id`);
      // The first ids alone, then the rest of each row for those: a PostgreSQL bitmap scan sorts
      // every match before the limit, and joined first it looked up the document of each one
      // (34 of 45 ms for a phrase 10,000 pages hold, bench/README "bench:search").
      const firstIds =
        plan === 'walk' && signatureMatch
          ? // In id order over the signatures; the case holds PostgreSQL to the signature first
            // (left to order the conditions by its costs, it asks the keys first, bench/README).
            sql<{ id: number }>`select s.id from search_signatures s
              where ${inRange(sql`s.id`)}
                and case when ${signatureMatch}
                  then exists (select 1 from search_documents d where d.id = s.id and ${match} ${inBatch} ${script})
                  else false end
              order by s.id limit ${rows}`
          : sql<{ id: number }>`select d.id from ${from}
        where ${match} and ${start} ${inBatch} ${script}
        order by ${order} limit ${rows}`;
      return sql<CandidateRow>`select d.id, d.sha256, d.text, doc.first_path, ${batchName} as batch
        from (${firstIds}) first_ids join search_documents d on d.id = first_ids.id join documents doc on doc.sha256 = d.sha256
        order by d.id`;
    };
    const asCandidates = (rows: CandidateRow[]) => rows.map((r) => ({ ...r, id: Number(r.id) }));
    if (postgres && tokens.length > 0) {
      const scan = new KeyScan(this.#db, keySets, query);
      return async (fromId, limit) => asCandidates((await scan.next(fromId, limit)).rows);
    }
    return async (fromId, limit) => asCandidates((await query({ from: fromId }, limit).execute(this.#db)).rows);
  }
}
