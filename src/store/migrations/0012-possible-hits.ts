import { type Kysely, type Migration, SqliteAdapter, sql } from 'kysely';

const OLD_CHECK = "kind in ('exact', 'variant', 'fuzzy')";
const NEW_CHECK = "kind in ('exact', 'variant', 'fuzzy', 'possible')";

/**
 * Migration 0012: the store keeps `possible` hits (issue #20 point 5: a short term one known
 * lookalike off, 聘清 for 聘请), so reviewers see them in their own filter and exports count
 * them apart. Only the check on `hits.kind` changes.
 *
 * SQLite cannot change a check constraint in place. Its documented way (ALTER TABLE, "making
 * other kinds of table schema changes") is followed: a new table from the old one's own
 * definition with the check changed, the rows copied, the old one dropped, the new one renamed,
 * and the old one's indexes made again from their own definitions. Working from the stored
 * definitions keeps every column later migrations added, in order, without repeating them here.
 * No table references hits, so dropping it cascades nowhere. PostgreSQL replaces the constraint.
 */
export const possibleHitsMigration: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: a migration runs on the schema as it was then, not on today's Database type (Kysely's own advice)
  async up(db: Kysely<any>): Promise<void> {
    if (!(db.getExecutor().adapter instanceof SqliteAdapter)) {
      await sql`alter table hits drop constraint hits_kind_check`.execute(db);
      await sql`alter table hits add constraint hits_kind_check check (${sql.raw(NEW_CHECK)})`.execute(db);
      return;
    }
    const table = await sql<{ sql: string }>`select sql from sqlite_master where type = 'table' and name = 'hits'`.execute(db);
    const definition = table.rows[0]?.sql ?? '';
    if (!definition.includes(OLD_CHECK) || !definition.startsWith('CREATE TABLE "hits"')) {
      throw new Error(`migration 0012: the hits table is not as migrations 0001–0011 left it: ${definition}`);
    }
    const indexes = await sql<{ sql: string }>`select sql from sqlite_master
      where type = 'index' and tbl_name = 'hits' and sql is not null`.execute(db);
    await sql.raw(definition.replace('CREATE TABLE "hits"', 'CREATE TABLE "hits_0012"').replace(OLD_CHECK, NEW_CHECK)).execute(db);
    await sql`insert into hits_0012 select * from hits`.execute(db);
    await sql`drop table hits`.execute(db);
    await sql`alter table hits_0012 rename to hits`.execute(db);
    for (const index of indexes.rows) await sql.raw(index.sql).execute(db);
  },
};
