/** Opening the store: the backend, migrations and store id, SQLite's durability settings, databases that cannot be reached. */
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DependencyError } from '../../src/errors.ts';
import { migrationProvider } from '../../src/store/migrations.ts';
import { openSqliteStore, openStore, SQLITE_FILE_NAME } from '../../src/store/open-store.ts';
import { openSqliteDatabase } from '../../src/store/sqlite-database.ts';
import { createTestDatabase, STORE_BACKENDS, type TestDatabase } from './helpers/store-backends.ts';
import { newDocument, sampleAnalysis } from './helpers/store-fixtures.ts';
import { useStoreSuite } from './helpers/store-suite.ts';

const execFileAsync = promisify(execFile);

describe.each(STORE_BACKENDS)('store on %s', (backend) => {
  const env = useStoreSuite(backend);

  it('uses the backend the configuration names', () => {
    expect(env.store.backend).toBe(backend);
  });

  it('runs migrations once: opening again applies nothing twice', async () => {
    await (await env.another()).close();
    await (await env.another()).close();
    const migrations = await env.testDb.query<{ name: string }>('select name from kysely_migration');
    expect(migrations.map((m) => m.name)).toEqual([
      '0001-initial',
      '0002-api-tokens',
      '0003-hit-status',
      '0004-store-id',
      '0005-review-queue-indexes',
      '0006-review-keys',
      '0007-search-index',
      '0008-pdf-pages',
      '0009-bulk-decisions',
      '0010-latest-analysis-and-decision',
      '0011-search-keys',
      '0012-possible-hits',
      '0013-search-pairs',
      '0014-search-signatures',
      '0015-search-keys-pending',
    ]);
  });

  it('has one store id, made by its migration, that every connection reads the same', async () => {
    const id = await env.store.storeId();
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(await (await env.another()).storeId()).toBe(id);
    expect(await env.testDb.query<{ value: string }>("select value from store_meta where key = 'store_id'")).toEqual([{ value: id }]);
    // Another database is another env.store.
    const other = await createTestDatabase(backend);
    try {
      const otherStore = await openStore(other.config);
      try {
        expect(await otherStore.storeId()).not.toBe(id);
        expect(otherStore.location).not.toBe(env.store.location);
      } finally {
        await otherStore.close();
      }
    } finally {
      await other.dispose();
    }
  });
});

describe('SQLite durability settings', () => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await createTestDatabase('sqlite');
  });
  afterAll(async () => {
    await testDb.dispose();
  });

  it('sets WAL, synchronous=FULL and a busy timeout on the connection the store uses', async () => {
    const { db, raw } = openSqliteDatabase(path.join(testDb.config.dataDir, SQLITE_FILE_NAME));
    try {
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(raw.pragma('synchronous', { simple: true })).toBe(2); // 2 = FULL
      expect(raw.pragma('busy_timeout', { simple: true })).toBeGreaterThanOrEqual(5000);
      expect(raw.pragma('foreign_keys', { simple: true })).toBe(1);
    } finally {
      await db.destroy();
    }
  });

  it('leaves the file in WAL mode, as another process opening it sees', async () => {
    const store = await openStore(testDb.config);
    await store.close();
    const other = new BetterSqlite3(path.join(testDb.config.dataDir, SQLITE_FILE_NAME));
    try {
      expect(other.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      other.close();
    }
  });

  it('shares one connection between stores opened on one file in one process', async () => {
    // Separate synchronous connections in one process would deadlock on the write lock.
    const file = path.join(testDb.config.dataDir, 'in-process', SQLITE_FILE_NAME);
    const stores = await Promise.all([openSqliteStore(file), openSqliteStore(file), openSqliteStore(file)]);
    const doc = newDocument('in-process');
    const analysis = sampleAnalysis(doc.sha256, 'glossary-v1', { withPinqing: true });
    await stores[0]!.putDocument(doc);
    await Promise.all(stores.map((s) => s.saveAnalysis(analysis)));
    await stores[0]!.close();
    await stores[0]!.close();
    expect(await stores[1]!.listHits(doc.sha256)).toHaveLength(2);
    await Promise.all(stores.slice(1).map((s) => s.close()));
  });

  it('lets several processes migrate and write the same new file at once', async () => {
    const file = path.join(testDb.config.dataDir, 'multi-process', SQLITE_FILE_NAME);
    const child = path.join(import.meta.dirname, 'helpers', 'store-open-child.ts');
    const outputs = await Promise.all(
      ['w1', 'w2', 'w3'].map((name) => execFileAsync(process.execPath, ['--import', 'tsx', child, file, name], { timeout: 60_000 })),
    );
    expect(outputs.map((o) => o.stdout.trim())).toEqual(['ok', 'ok', 'ok']);
    const db = new BetterSqlite3(file);
    try {
      // Each migration applied once, however many processes raced to apply it.
      const migrations = Object.keys(await migrationProvider.getMigrations()).length;
      expect(db.prepare('select count(*) as n from kysely_migration').get()).toEqual({ n: migrations });
      expect(db.prepare('select count(*) as n from batches').get()).toEqual({ n: 1 });
      expect(db.prepare("select count(*) as n from batch_items where status = 'done'").get()).toEqual({ n: 150 });
    } finally {
      db.close();
    }
  });
});

describe('opening a database that cannot be reached', () => {
  it('is a DependencyError naming the database, never its password', async () => {
    const attempt = openStore({ dataDir: '/nonexistent', databaseUrl: 'postgres://termlens:s3cret-pw@127.0.0.1:1/leaks' });
    await expect(attempt).rejects.toBeInstanceOf(DependencyError);
    const error = (await attempt.catch((e: unknown) => e)) as DependencyError;
    expect(error.code).toBe('DATABASE_UNAVAILABLE');
    expect(error.message).toContain('postgres://termlens@127.0.0.1:1/leaks');
    expect(error.message).not.toContain('s3cret-pw');
  });

  it('is a DependencyError for a SQLite file that cannot be created', async () => {
    // A data dir below a plain file can never be created, whoever runs the tests (root included).
    const testDb = await createTestDatabase('sqlite');
    try {
      const blocker = path.join(testDb.config.dataDir, 'a-file');
      await fs.writeFile(blocker, 'not a directory');
      await expect(openStore({ dataDir: path.join(blocker, 'data') })).rejects.toMatchObject({
        kind: 'dependency',
        code: 'DATABASE_UNAVAILABLE',
        message: expect.stringContaining(path.join(blocker, 'data', SQLITE_FILE_NAME)),
      });
    } finally {
      await testDb.dispose();
    }
  });
});
