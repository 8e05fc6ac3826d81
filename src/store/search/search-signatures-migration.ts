import { type Kysely, type Migration, sql } from 'kysely';
import { isPostgres, writeSearchSignatures } from './search-index-writer.ts';

/** Index rows given their signatures per round trip. */
const FILL_PAGE = 1_000;

/**
 * Migration 0014, PostgreSQL only: `search_signatures`, one signature of its pair keys per index
 * row (key-signature.ts), which a walk in id order reads before the row's TOASTed keys. Filled
 * from the keys of every row stored before; a row's signature goes with it when it is deleted.
 * SQLite's FTS5 index is unchanged.
 */
export const searchSignaturesMigration: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: a migration runs on the schema as it was then, not on today's Database type (Kysely's own advice)
  async up(db: Kysely<any>): Promise<void> {
    if (!isPostgres(db)) return;
    await sql`create table search_signatures (
      id integer primary key references search_documents (id) on delete cascade,
      bits bit(1024) not null)`.execute(db);
    for (let after = 0; ; ) {
      const rows = await sql<{ id: number; keys: number[] }>`select id, keys from search_documents
        where id > ${after} order by id limit ${FILL_PAGE}`.execute(db);
      if (rows.rows.length === 0) break;
      await writeSearchSignatures(db, rows.rows);
      after = Number(rows.rows.at(-1)!.id);
    }
    await sql`analyze search_signatures`.execute(db);
  },
};
