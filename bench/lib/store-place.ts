import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

const DEFAULT_DATABASE_URL = 'postgres://termlens_test:termlens_test@127.0.0.1:5432/termlens_test';

/** Where a benchmark's store lives: a temp data dir, and for PostgreSQL a schema of its own. */
export type StorePlace = {
  dataDir: string;
  databaseUrl?: string;
  /** What openStore takes. */
  config: { dataDir: string; databaseUrl?: string };
  /** The same as environment variables, for a `termlens` process. */
  env: Record<string, string>;
  /**
   * Gathers the planner's statistics after seeding, as autovacuum would once the rows are in
   * (this machine's PostgreSQL runs with autovacuum off): without them PostgreSQL guesses a few
   * hits per document and plans the queue's pages as scans of every hit. SQLite: nothing.
   */
  analyze(): Promise<void>;
  /** Drops the schema and removes the data dir. */
  dispose(): Promise<void>;
};

/**
 * A fresh store place for one benchmark run: SQLite in a temp dir, or a new schema in the local
 * PostgreSQL (TERMLENS_BENCH_DATABASE_URL, else the tests' database), dropped afterwards.
 */
export async function prepareStorePlace(backend: 'sqlite' | 'postgres', name: string): Promise<StorePlace> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), `termlens-bench-${name}-${backend}-`));
  if (backend === 'sqlite') {
    return {
      dataDir,
      config: { dataDir },
      env: { TERMLENS_DATA_DIR: dataDir },
      analyze: async () => undefined,
      dispose: () => rm(dataDir, { recursive: true, force: true }),
    };
  }
  const base = process.env.TERMLENS_BENCH_DATABASE_URL ?? DEFAULT_DATABASE_URL;
  const schema = `termlens_bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base, connectionTimeoutMillis: 5_000 });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const databaseUrl = url.toString();
  return {
    dataDir,
    databaseUrl,
    config: { dataDir, databaseUrl },
    env: { TERMLENS_DATA_DIR: dataDir, DATABASE_URL: databaseUrl },
    async analyze() {
      const tables = await admin.query<{ name: string }>('select table_name as name from information_schema.tables where table_schema = $1', [schema]);
      for (const { name } of tables.rows) await admin.query(`analyze ${schema}.${name}`);
    },
    async dispose() {
      try {
        await admin.query(`drop schema if exists ${schema} cascade`);
      } finally {
        await admin.end();
        await rm(dataDir, { recursive: true, force: true });
      }
    },
  };
}
