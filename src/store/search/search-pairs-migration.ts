import { type Kysely, type Migration, sql } from 'kysely';
import { isPostgres, writeSqlitePairIndex } from './search-index-writer.ts';
import { indexTokens, searchViewOf } from './search-text.ts';

/** Index rows given their pairs per round trip. */
const FILL_PAGE = 500;

/**
 * Migration 0013, SQLite only: a second FTS5 index, `search_pairs`, of the pairs of neighbouring
 * characters of the folded text (search-text.ts, indexPairs), beside 0007's one token per
 * character. A query of two characters or more asks for the phrase of its pairs there: the
 * pages that hold a pair are far fewer than those that hold either of its characters, so the
 * phrase reads short lists (at 100,000 pages, FTS5 alone: p50 4 characters 6.2 → 0.6 ms, 8
 * characters 12.9 → 1.3 ms; both indexes 2.63× the text, bench/README "bench:search"). A
 * 1-character query still asks `search_fts`. The delete trigger now clears both. Every row
 * stored before is indexed here, from its text; PostgreSQL's keys (0011) hold pairs already.
 */
export const searchPairsMigration: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: a migration runs on the schema as it was then, not on today's Database type (Kysely's own advice)
  async up(db: Kysely<any>): Promise<void> {
    if (isPostgres(db)) return;
    await sql`create virtual table search_pairs using fts5 (p, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 0')`.execute(db);
    await sql`drop trigger search_documents_delete`.execute(db);
    await sql`create trigger search_documents_delete after delete on search_documents begin
      delete from search_fts where rowid = old.id;
      delete from search_pairs where rowid = old.id; end`.execute(db);
    for (let after = 0; ; ) {
      const rows = await sql<{ id: number; text: string }>`select id, text from search_documents
        where id > ${after} order by id limit ${FILL_PAGE}`.execute(db);
      if (rows.rows.length === 0) break;
      for (const row of rows.rows) await writeSqlitePairIndex(db, row.id, indexTokens(searchViewOf(row.text).chars));
      after = Number(rows.rows.at(-1)!.id);
    }
  },
};
