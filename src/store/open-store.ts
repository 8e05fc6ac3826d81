import path from 'node:path';
import { type Kysely, Migrator, sql } from 'kysely';
import { ConfigError, DependencyError } from '../errors.ts';
import type { Database } from './database-schema.ts';
import { KyselyStore } from './kysely-store.ts';
import { migrationProvider } from './migrations.ts';
import { openPostgresDatabase, redactPassword } from './postgres-database.ts';
import { openSqliteDatabase } from './sqlite-database.ts';
import type { Store } from './store.ts';

export const SQLITE_FILE_NAME = 'termlens.sqlite';

/**
 * The store for this configuration: PostgreSQL when DATABASE_URL is set (several machines share
 * it), otherwise the SQLite file DATA_DIR/termlens.sqlite. Migrations run before it is returned,
 * so every process sees the same schema. A database that cannot be reached is a DependencyError
 * naming it (never its password).
 */
export async function openStore(config: { dataDir: string; databaseUrl?: string | undefined }): Promise<Store> {
  return config.databaseUrl ? openPostgresStore(config.databaseUrl) : openSqliteStore(path.join(config.dataDir, SQLITE_FILE_NAME));
}

type SharedSqlite = { db: Kysely<Database>; refs: number; ready: Promise<void> };

/**
 * One connection per SQLite file per process. better-sqlite3 is synchronous: a second
 * connection in the same process waiting for the write lock would block the event loop, so the
 * first connection could never finish its transaction and release it. Sharing one connection
 * lets Kysely's mutex queue them instead; other processes still wait on busy_timeout.
 */
const sharedSqlite = new Map<string, SharedSqlite>();

export async function openSqliteStore(file: string): Promise<Store> {
  const key = path.resolve(file);
  let shared = sharedSqlite.get(key);
  if (!shared) {
    const { db, raw } = openSqliteDatabase(key);
    shared = { db, refs: 0, ready: migrateSqlite(db, raw, key) };
    sharedSqlite.set(key, shared);
  }
  const entry = shared;
  entry.refs += 1;
  const release = async () => {
    entry.refs -= 1;
    if (entry.refs > 0) return;
    if (sharedSqlite.get(key) === entry) sharedSqlite.delete(key);
    await entry.db.destroy();
  };
  try {
    await entry.ready;
  } catch (error) {
    if (sharedSqlite.get(key) === entry) sharedSqlite.delete(key);
    await release();
    throw error;
  }
  return new KyselyStore(entry.db, 'sqlite', key, release);
}

async function migrateSqlite(db: Kysely<Database>, raw: { exec(sql: string): unknown; inTransaction: boolean }, file: string) {
  try {
    // Kysely runs SQLite migrations outside a transaction; holding the write lock ourselves
    // makes a second process starting at the same moment wait and then find them done.
    raw.exec('begin immediate');
    try {
      await migrate(db, undefined);
      raw.exec('commit');
    } catch (error) {
      if (raw.inTransaction) raw.exec('rollback');
      throw error;
    }
  } catch (error) {
    throw new DependencyError('DATABASE_MIGRATION_FAILED', `cannot prepare SQLite database ${file}: ${message(error)}`, {
      cause: error,
    });
  }
}

export async function openPostgresStore(url: string): Promise<Store> {
  const { db, label } = openPostgresDatabase(url);
  let schema: string | null;
  try {
    const row = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
    schema = row.rows[0]?.schema ?? null;
  } catch (error) {
    await db.destroy();
    throw new DependencyError('DATABASE_UNAVAILABLE', `cannot connect to ${label}: ${redactPassword(message(error), url)}`, {
      cause: error,
    });
  }
  if (!schema) {
    await db.destroy();
    throw new ConfigError(
      'DATABASE_SCHEMA_MISSING',
      `${label}: no schema on the search_path exists; create it (CREATE SCHEMA …) or fix the search_path option`,
    );
  }
  try {
    // Kysely looks for its migration table in every schema unless told which; without this a
    // second schema in the same database would make it skip creating its own.
    await migrate(db, schema);
  } catch (error) {
    await db.destroy();
    throw new DependencyError('DATABASE_MIGRATION_FAILED', `cannot prepare ${label}: ${redactPassword(message(error), url)}`, {
      cause: error,
    });
  }
  // The schema too: two deployments can share a database in schemas of their own.
  return new KyselyStore(db, 'postgres', `${label} (schema ${schema})`, () => db.destroy());
}

async function migrate(db: Kysely<Database>, schema: string | undefined): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: migrationProvider,
    ...(schema !== undefined ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new Error(failed ? `migration ${failed} failed: ${message(error)}` : message(error), { cause: error });
  }
}

function message(error: unknown): string {
  if (error instanceof Error) return error.message || error.constructor.name;
  return String(error);
}
