import { type Kysely, type Migration, sql } from 'kysely';
import { isPostgres } from './search-index-writer.ts';

/**
 * The most a search-key index keeps of keys not yet merged into it, in kB (PostgreSQL's
 * `gin_pending_list_limit`, 4 MB by default). Why: GIN's fast update appends each new row's keys
 * to a pending list, moved into the index only when the list outgrows this limit, by
 * autovacuum, or by `gin_clean_pending_list`, and every scan of the index reads the list whole.
 * A page of ~800 characters pends ~900 keys, so 4 MB holds the keys of some 250 pages: at
 * 100,000 bench:search pages, 414 pending pages (3.3 MB) cost 2- to 8-character queries 3–5 ms at
 * p50, a third of their time (bench/README, "pending keys"). At 512 kB a scan reads at most 64
 * such pages, and bench:search's queries all got faster (2 characters p95 23.2 → 13.8 ms).
 * Writing the index costs more: 10–15% in a probe of 3,000 pages, bench:search's 100,000 pages
 * 135 → 92 a second; a few milliseconds of an analysis whose OCR takes seconds.
 */
export const PENDING_KEYS_KB = 512;

/**
 * Migration 0015, PostgreSQL only: the search keys' GIN index keeps at most PENDING_KEYS_KB of
 * pending keys, and what it holds now is merged into it. SQLite's FTS5 index has no such list.
 */
export const searchKeysPendingMigration: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: a migration runs on the schema as it was then, not on today's Database type (Kysely's own advice)
  async up(db: Kysely<any>): Promise<void> {
    if (!isPostgres(db)) return;
    await sql`alter index search_documents_keys set (gin_pending_list_limit = ${sql.lit(PENDING_KEYS_KB)})`.execute(db);
    await sql`select gin_clean_pending_list('search_documents_keys'::regclass)`.execute(db);
  },
};
