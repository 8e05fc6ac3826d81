import { type Kysely, PostgresAdapter, sql } from 'kysely';
import { indexTokens, searchViewOf } from './search-text.ts';

/**
 * Writes a document's row of the search index: `search_documents` (a stable integer id per
 * document, the analysed text, its script) and the full-text entry of its folded text, one token
 * per character: SQLite's FTS5 table `search_fts` (rowid = id), PostgreSQL's `tsv` column
 * (tsvector, GIN index). Replaces whatever the document had, so a re-analysis or retag leaves
 * one row; the id is kept, so a cursor walking the index by id neither skips nor repeats it.
 *
 * Takes Kysely<any> because migration 0007 uses it too, on the schema as it is then.
 */
// biome-ignore lint/suspicious/noExplicitAny: shared with migration 0007, which runs on the schema of its time
export async function writeSearchIndex(db: Kysely<any>, row: { sha256: string; text: string; script: string }): Promise<void> {
  const tokens = indexTokens(searchViewOf(row.text).chars);
  if (isPostgres(db)) {
    await sql`insert into search_documents (sha256, script, text, tsv)
      values (${row.sha256}, ${row.script}, ${row.text}, to_tsvector('simple', ${tokens}))
      on conflict (sha256) do update set script = excluded.script, text = excluded.text, tsv = excluded.tsv`.execute(db);
    return;
  }
  const result = await sql<{ id: number }>`insert into search_documents (sha256, script, text)
    values (${row.sha256}, ${row.script}, ${row.text})
    on conflict (sha256) do update set script = excluded.script, text = excluded.text
    returning id`.execute(db);
  const id = result.rows[0]!.id;
  await sql`delete from search_fts where rowid = ${id}`.execute(db);
  await sql`insert into search_fts (rowid, t) values (${id}, ${tokens})`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see writeSearchIndex
export function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
