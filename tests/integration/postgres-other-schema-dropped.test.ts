import { randomBytes } from 'node:crypto';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/store/database-schema.ts';
import { openStore } from '../../src/store/open-store.ts';
import { openPostgresDatabase } from '../../src/store/postgres-database.ts';
import { createTestDatabase, type TestDatabase } from './helpers/store-backends.ts';

/**
 * Two deployments (or two test files) in schemas of one database: dropping one must not break
 * the other's migrations. Kysely's introspector, which its Migrator asks whether the migration
 * tables exist, reads every schema's catalog rows and looks each schema up by name; one dropped
 * after the query's snapshot was taken fails the query ('schema "…" does not exist'). CI hit it
 * when one test file dropped its schema while another opened a store. A repeatable-read
 * transaction holds the snapshot while the other schema goes, so the window is certain here.
 */
describe('a store in one schema while another schema of the database is dropped', () => {
  let testDb: TestDatabase;
  let admin: pg.Client;
  let other: string;

  beforeAll(async () => {
    testDb = await createTestDatabase('postgres');
    const store = await openStore(testDb.config);
    await store.close();
    admin = new pg.Client({ connectionString: testDb.config.databaseUrl!.replace(/\?.*$/, '') });
    await admin.connect();
  });
  afterAll(async () => {
    if (other) await admin?.query(`drop schema if exists ${other} cascade`);
    await admin?.end();
    await testDb?.dispose();
  });

  /** Lists the tables inside a snapshot taken before another schema is dropped. */
  async function tablesAcrossADrop(db: Kysely<Database>) {
    other = `termlens_other_${randomBytes(6).toString('hex')}`;
    await admin.query(`create schema ${other}`);
    await admin.query(`create table ${other}.rows (id serial primary key)`);
    return db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (trx) => {
        await sql`select 1`.execute(trx);
        await admin.query(`drop schema ${other} cascade`);
        return trx.introspection.getTables({ withInternalKyselyTables: true });
      });
  }

  it("lists the store's own tables and no other schema's, where Kysely's own introspector fails", async () => {
    const url = testDb.config.databaseUrl!;
    // The failure this guards against, reproduced with Kysely's dialect on the same database.
    const stock = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url }) }) });
    try {
      await expect(tablesAcrossADrop(stock)).rejects.toThrow(/schema "termlens_other_[0-9a-f]+" does not exist/);
    } finally {
      await stock.destroy();
    }

    const handle = openPostgresDatabase(url);
    try {
      const tables = await tablesAcrossADrop(handle.db);
      const schema = (await testDb.query<{ schema: string }>('select current_schema() as schema'))[0]!.schema;
      expect(new Set(tables.map((t) => t.schema))).toEqual(new Set([schema]));
      const names = tables.map((t) => t.name);
      expect(names).toEqual(expect.arrayContaining(['documents', 'analyses', 'hits', 'kysely_migration', 'kysely_migration_lock']));
      const documents = tables.find((t) => t.name === 'documents')!;
      expect(documents.columns.map((c) => c.name)).toContain('sha256');
      // Without the internal tables, as Kysely's own introspector leaves them out.
      const visible = await handle.db.introspection.getTables();
      expect(visible.map((t) => t.name)).not.toContain('kysely_migration');
    } finally {
      await handle.db.destroy();
    }
    // And the store opens (its Migrator runs) as it did before.
    const reopened = await openStore(testDb.config);
    await reopened.close();
  }, 30_000);
});
