import type BetterSqlite3 from 'better-sqlite3';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../database-schema.ts';

/**
 * Rows per table, for the manifest. Tables are listed from the database itself rather than
 * from database-schema.ts, so a table a later migration adds is counted without anyone
 * remembering to add it here. Kysely's own bookkeeping tables are left out: they are schema,
 * not data.
 */
const isDataTable = (name: string) => !name.startsWith('sqlite_') && !name.startsWith('kysely_');

export function sqliteTableCounts(raw: BetterSqlite3.Database): Record<string, number> {
  const names = (raw.prepare(`select name from sqlite_master where type = 'table' order by name`).all() as { name: string }[])
    .map((r) => r.name)
    .filter(isDataTable);
  const counts: Record<string, number> = {};
  for (const name of names) {
    const row = raw.prepare(`select count(*) as n from "${name.replaceAll('"', '""')}"`).get() as { n: number };
    counts[name] = Number(row.n);
  }
  return counts;
}

export async function postgresTableCounts(db: Kysely<Database>): Promise<Record<string, number>> {
  const { rows } = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(db);
  const counts: Record<string, number> = {};
  for (const { name } of rows.filter((r) => isDataTable(r.name))) {
    const result = await sql<{ n: string }>`select count(*) as n from ${sql.table(name)}`.execute(db);
    counts[name] = Number(result.rows[0]?.n ?? 0);
  }
  return counts;
}
