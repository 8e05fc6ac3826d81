import path from 'node:path';
import { type Kysely, Migrator } from 'kysely';
import { migrationProvider } from '../../../src/store/migrations.ts';
import { SQLITE_FILE_NAME } from '../../../src/store/open-store.ts';
import { openPostgresDatabase } from '../../../src/store/postgres-database.ts';
import { openSqliteDatabase } from '../../../src/store/sqlite-database.ts';
import type { TestDatabase } from './store-backends.ts';

/**
 * The test database's store as an older release left it: migrated up to `migration` and no
 * further, opened without the store (which would run the rest), for a migration test to write
 * rows of that time into. `close` before opening the store on it.
 */
// biome-ignore lint/suspicious/noExplicitAny: rows of the schema as it was then, not today's Database type
export async function openStoreAtMigration(testDb: TestDatabase, migration: string): Promise<{ db: Kysely<any>; close(): Promise<void> }> {
  const url = testDb.config.databaseUrl;
  const handle = url ? openPostgresDatabase(url) : openSqliteDatabase(path.join(testDb.config.dataDir, SQLITE_FILE_NAME));
  const schema = url ? /search_path=(\w+)/.exec(decodeURIComponent(url))?.[1] : undefined;
  const migrator = new Migrator({ db: handle.db, provider: migrationProvider, ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error } = await migrator.migrateTo(migration);
  if (error) {
    await handle.db.destroy();
    throw new Error(`could not migrate the test store to ${migration}: ${String(error)}`, { cause: error });
  }
  return { db: handle.db, close: () => handle.db.destroy() };
}
