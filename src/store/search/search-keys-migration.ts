import { type Kysely, type Migration, sql } from 'kysely';
import { isPostgres } from './search-index-writer.ts';
import { documentSearchKeys } from './search-keys.ts';
import { searchViewOf } from './search-text.ts';

/** Index rows given their keys per round trip. */
const FILL_PAGE = 500;

/**
 * Migration 0011, PostgreSQL only: the search index holds characters and pairs of characters
 * (search-keys.ts) in an int4[] column `keys` with a GIN index, in place of 0007's tsvector of
 * one token per character, whose phrase check read nearly every page for a rare phrase of
 * common characters (bench/README, "bench:search"). SQLite's FTS5 index is unchanged.
 *
 * The keys keep PostgreSQL's default storage (TOASTed, out of line): the heap rows stay small,
 * so a bitmap scan over thousands of matching pages reads few heap pages (p95 ≤ 29 ms at 100,000
 * pages, against up to 137 ms with the keys kept in the row). The planner misjudges the cost of
 * detoasting, so the search query picks its plan itself (repositories/postgres-key-scan.ts). The keys are computed in JS, from the same view the tagger
 * matches on, for every row 0007 wrote.
 */
export const searchKeysMigration: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: a migration runs on the schema as it was then, not on today's Database type (Kysely's own advice)
  async up(db: Kysely<any>): Promise<void> {
    if (!isPostgres(db)) return;
    await sql`alter table search_documents add column keys int4[]`.execute(db);
    for (let after = 0; ; ) {
      const rows = await sql<{ id: number; text: string }>`select id, text from search_documents
        where id > ${after} order by id limit ${FILL_PAGE}`.execute(db);
      if (rows.rows.length === 0) break;
      for (const row of rows.rows) {
        await sql`update search_documents set keys = ${documentSearchKeys(searchViewOf(row.text).chars)}::int4[] where id = ${row.id}`.execute(db);
      }
      after = Number(rows.rows.at(-1)!.id);
    }
    await sql`alter table search_documents alter column keys set not null`.execute(db);
    await sql`alter table search_documents drop column tsv`.execute(db);
    await sql`create index search_documents_keys on search_documents using gin (keys)`.execute(db);
    // Fresh statistics for the GIN index's selectivity estimates.
    await sql`analyze search_documents`.execute(db);
  },
};
