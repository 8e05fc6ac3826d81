import { type Kysely, PostgresAdapter, sql } from 'kysely';
import type { Database } from '../database-schema.ts';
import { keySignature, SIGNATURE_BITS } from './key-signature.ts';
import { documentSearchKeys } from './search-keys.ts';
import { indexPairs, indexTokens, searchViewOf } from './search-text.ts';

/**
 * Writes a document's row of the search index: `search_documents` (a stable integer id per
 * document, the analysed text, its script) and the index entry of its folded text: SQLite's
 * FTS5 tables `search_fts` (rowid = id, one token per character) and `search_pairs` (one
 * token per pair of neighbouring characters), PostgreSQL's `keys` column
 * (characters and pairs of characters, GIN index; search-keys.ts) and the signature of its pairs
 * in `search_signatures` (key-signature.ts). Replaces whatever the
 * document had, so a re-analysis or retag leaves one row; the id is kept, so a cursor walking
 * the index by id neither skips nor repeats it.
 */
export async function writeSearchIndex(db: Kysely<Database>, row: { sha256: string; text: string; script: string }): Promise<void> {
  const view = searchViewOf(row.text);
  if (isPostgres(db)) {
    const keys = documentSearchKeys(view.chars);
    const written = await sql<{ id: number }>`insert into search_documents (sha256, script, text, keys)
      values (${row.sha256}, ${row.script}, ${row.text}, ${keys}::int4[])
      on conflict (sha256) do update set script = excluded.script, text = excluded.text, keys = excluded.keys
      returning id`.execute(db);
    await writeSearchSignatures(db, [{ id: written.rows[0]!.id, keys }]);
    return;
  }
  const tokens = indexTokens(view.chars);
  const id = await writeSqliteSearchIndex(db, row, tokens);
  await writeSqlitePairIndex(db, id, tokens);
}

/**
 * SQLite's row and character index of writeSearchIndex, also migration 0007's (from 0013 on
 * writeSqlitePairIndex follows it). Takes Kysely<any> for that migration, which runs on the
 * schema of its time. Gives the row's id.
 */
export async function writeSqliteSearchIndex(
  // biome-ignore lint/suspicious/noExplicitAny: shared with migration 0007, which runs on the schema of its time
  db: Kysely<any>,
  row: { sha256: string; text: string; script: string },
  tokens: string,
): Promise<number> {
  const result = await sql<{ id: number }>`insert into search_documents (sha256, script, text)
    values (${row.sha256}, ${row.script}, ${row.text})
    on conflict (sha256) do update set script = excluded.script, text = excluded.text
    returning id`.execute(db);
  const id = result.rows[0]!.id;
  await sql`delete from search_fts where rowid = ${id}`.execute(db);
  await sql`insert into search_fts (rowid, t) values (${id}, ${tokens})`.execute(db);
  return id;
}

/**
 * The document's entry in SQLite's index of character pairs (`search_pairs`, migration 0013),
 * replacing any it had; also migration 0013's, which fills it for the rows before it.
 */
export async function writeSqlitePairIndex(
  // biome-ignore lint/suspicious/noExplicitAny: shared with migration 0013, which runs on the schema of its time
  db: Kysely<any>,
  id: number,
  tokens: string,
): Promise<void> {
  await sql`delete from search_pairs where rowid = ${id}`.execute(db);
  await sql`insert into search_pairs (rowid, p) values (${id}, ${indexPairs(tokens)})`.execute(db);
}

/**
 * PostgreSQL: the signatures of these index rows' keys, replacing any they had; also migration
 * 0014's, which fills them for the rows before it. One statement for all the rows.
 */
export async function writeSearchSignatures(
  // biome-ignore lint/suspicious/noExplicitAny: shared with migration 0014, which runs on the schema of its time
  db: Kysely<any>,
  rows: readonly { id: number; keys: readonly number[] }[],
): Promise<void> {
  const ids = rows.map((r) => r.id);
  const signatures = rows.map((r) => keySignature(r.keys));
  await sql`insert into search_signatures (id, bits)
    select id, bits::bit(${sql.lit(SIGNATURE_BITS)}) from unnest(${ids}::int4[], ${signatures}::text[]) as s (id, bits)
    on conflict (id) do update set bits = excluded.bits`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: also asked by migrations, on the schema of their time
export function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
