import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { SQLITE_FILE_NAME } from '../../../src/store/open-store.ts';

/**
 * Real databases for integration tests, one per test file: a SQLite file in a temp dir, or a
 * schema of its own in the PostgreSQL that runs beside the tests, dropped afterwards.
 * `scripts/system-packages.sh test` (run by `npm test` first) installs and starts PostgreSQL
 * and creates this role and database where they are missing; TERMLENS_TEST_DATABASE_URL points
 * the tests (and that script) at another database. PostgreSQL is required, not optional: if it
 * is down the tests fail saying so, because a skipped backend would look like a passing one.
 */
export const TEST_POSTGRES_URL =
  process.env.TERMLENS_TEST_DATABASE_URL ?? 'postgres://termlens_test:termlens_test@127.0.0.1:5432/termlens_test';

export type StoreBackendName = 'sqlite' | 'postgres';
export const STORE_BACKENDS: readonly StoreBackendName[] = ['sqlite', 'postgres'];

export type TestDatabase = {
  backend: StoreBackendName;
  /** What openStore takes: a temp data dir, plus DATABASE_URL for PostgreSQL. */
  config: { dataDir: string; databaseUrl?: string };
  /** Runs SQL on a connection of its own, in the same schema, to look at what the store wrote. */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  dispose(): Promise<void>;
};

export async function createTestDatabase(backend: StoreBackendName): Promise<TestDatabase> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'termlens-store-'));
  if (backend === 'sqlite') {
    const file = path.join(dataDir, SQLITE_FILE_NAME);
    return {
      backend,
      config: { dataDir },
      async query<T>(text: string, params: unknown[] = []) {
        const db = new BetterSqlite3(file, { timeout: 15_000 });
        try {
          const stmt = db.prepare(text);
          if (stmt.reader) return stmt.all(...params) as T[];
          stmt.run(...params);
          return [];
        } finally {
          db.close();
        }
      },
      async dispose() {
        await fs.rm(dataDir, { recursive: true, force: true });
      },
    };
  }

  const schema = `termlens_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL, connectionTimeoutMillis: 5_000 });
  try {
    await admin.connect();
  } catch (error) {
    await admin.end().catch(() => undefined);
    const reason = error instanceof Error ? error.message || error.name : String(error);
    throw new Error(
      `PostgreSQL is required for the store tests but ${TEST_POSTGRES_URL} is not reachable (${reason}). ` +
        'Run `scripts/system-packages.sh test` as root (it installs, starts and prepares PostgreSQL), then the tests again.',
      { cause: error },
    );
  }
  await admin.query(`create schema ${schema}`);
  await admin.query(`set search_path to ${schema}`);
  return {
    backend,
    config: { dataDir, databaseUrl: `${TEST_POSTGRES_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}` },
    async query<T>(text: string, params: unknown[] = []) {
      // Placeholders are written `?` in tests so one query text serves both backends.
      let n = 0;
      const result = await admin.query(
        text.replace(/\?/g, () => `$${++n}`),
        params,
      );
      return result.rows as T[];
    },
    async dispose() {
      try {
        await admin.query(`drop schema if exists ${schema} cascade`);
      } finally {
        await admin.end();
        await fs.rm(dataDir, { recursive: true, force: true });
      }
    },
  };
}
